"""Widgets of the referral forms."""

from django import forms


class ExpertSelect(forms.Select):
    """The list of experts, each option carrying its kind (data-kind), with the name of the form's
    field of the kind (data-kind-from): static/js/expert-kind-filter.js narrows the list to the kind
    chosen. The server still refuses an expert of another kind."""

    def __init__(self, attrs=None, kind_field="kind"):
        super().__init__({"data-kind-from": kind_field, **(attrs or {})})

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        expert = getattr(value, "instance", None)
        if expert is not None:
            option["attrs"]["data-kind"] = expert.kind
        return option
