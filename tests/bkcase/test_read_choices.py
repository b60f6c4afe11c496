"""ReadChoiceField: a choice among records read once, drawn and checked as Django's ModelChoiceField
draws and checks a choice among the same records."""

from django import forms
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bkcase.forms import MemberChoiceField, MembershipChoiceField
from bkcase.models import Membership, Role


class Assigned(forms.Form):
    counselor = MemberChoiceField(label="Konselor", required=False, empty_label="(belum)")

    def __init__(self, *args, counselors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["counselor"].offer(counselors)


def _counselors():
    """The counselors and the coordinator of the school (not the other school's coordinator)."""
    return (Membership.objects.filter(role__in=[Role.KONSELOR, Role.KOORDINATOR], school__npsn="30100999")
            .select_related("user").order_by("pk"))


def test_a_read_choice_is_drawn_as_a_model_choice_of_the_same_records(cast):
    class Queried(forms.Form):
        counselor = MembershipChoiceField(label="Konselor", required=False, empty_label="(belum)",
                                          queryset=_counselors())

    chosen = cast["konselor_lain"].pk
    read = Assigned(initial={"counselor": chosen}, counselors=list(_counselors()))
    with CaptureQueriesContext(connection) as captured:
        drawn = str(read["counselor"])
    assert captured.captured_queries == []  # drawn from what was read
    assert drawn == str(Queried(initial={"counselor": chosen})["counselor"])
    assert f'<option value="{chosen}" selected>Budi Uji</option>' in drawn


def test_a_read_choice_takes_only_a_record_it_offers(cast):
    counselors = list(_counselors())
    with CaptureQueriesContext(connection) as captured:
        sent = Assigned({"counselor": str(cast["konselor"].pk)}, counselors=counselors)
        assert sent.is_valid() and sent.cleaned_data["counselor"] == cast["konselor"]
        assert captured.captured_queries == []  # checked against what was read
        empty = Assigned({"counselor": ""}, counselors=counselors)
        assert empty.is_valid() and empty.cleaned_data["counselor"] is None
    assert Assigned({"counselor": cast["konselor"]}, counselors=counselors).is_valid()  # the record itself
    for refused in (cast["kepala"].pk, cast["orang_luar"].pk, "x", "1.5", 10**12, True,
                    cast["konselor"].user, cast["kepala"]):  # another model's record of the same key, another member
        form = Assigned({"counselor": refused}, counselors=counselors)
        assert not form.is_valid() and form.errors["counselor"][0].startswith("Masukkan pilihan yang valid"), refused


def test_each_form_offers_its_own_records(cast):
    """A field declared on the form class is copied for each form: one form's records are not
    another's."""
    first = Assigned(counselors=[cast["konselor"]])
    second = Assigned(counselors=[cast["konselor_lain"]])
    assert "Rina Uji" in str(first["counselor"]) and "Budi Uji" not in str(first["counselor"])
    assert "Budi Uji" in str(second["counselor"]) and "Rina Uji" not in str(second["counselor"])
    assert not Assigned({"counselor": cast["konselor"].pk}, counselors=[cast["konselor_lain"]]).is_valid()
