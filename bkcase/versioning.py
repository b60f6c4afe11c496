"""Stale edits (S12). A record several people may change carries a `version`; the edit form sends
back the version the user saw, and the service refuses the save if someone saved the record since.
The user's input stays on the form with the reason; nothing is silently overwritten."""

from django import forms
from django.utils.translation import gettext as _

from .exceptions import StaleEdit


def lock_for_edit(queryset, pk, version, what=None):
    """The record, locked for the rest of the transaction; StaleEdit if `version` (the one the user
    saw; None when the caller has no form) is no longer current. The caller moves the version on
    when it saves. `what` names the record in the message (default: its verbose name)."""
    locked = queryset.select_for_update().get(pk=pk)
    if version is not None and int(version) != locked.version:
        raise StaleEdit(
            _(
                "Someone else saved this %(record)s after you opened it. Your input is shown below; "
                "reload the page to see their changes, then apply yours again."
            )
            % {"record": what or locked._meta.verbose_name}
        )
    return locked


def version_field(initial=None):
    return forms.IntegerField(widget=forms.HiddenInput, initial=initial)


def explain_missing_version(form):
    """A hidden field's error is not shown beside any input: when the version the page sent back is
    missing or garbled (an old or tampered page), say so where the user reads it."""
    if "version" in form.errors and not form.non_field_errors():
        form.add_error(None, _("This page is out of date or incomplete: reload it, then enter your changes again. "
                               "Nothing was saved."))


class VersionedFormMixin:
    """Gives the edit form of a versioned record the hidden `version` field, which it must send back
    (a form that creates the record has none)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields["version"] = version_field(initial=self.instance.version)

    def clean(self):
        data = super().clean()
        explain_missing_version(self)
        return data
