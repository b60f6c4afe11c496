"""The referral pages never compare stage values themselves: "may this happen now?" is a question
of the model (referral.can_record_contacts, referral.letter_ready(kind), ...), which the services
ask too, so a page and a service cannot disagree."""

import re
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from bkcase.workflow import Stage
from referrals import services
from referrals.models import LetterKind

from .conftest import agree, walk_to

TEMPLATES = Path(__file__).resolve().parents[2] / "templates" / "referrals"
STAGE_VALUES = "|".join(Stage.values)
COMPARISONS = [
    re.compile(r"\bstage(?:_index)?\s*(?:==|!=|>=|<=|>|<)"),  # referral.stage == "...", stage_index >= 2
    re.compile(r"\bstage\s+(?:not\s+)?in\b"),
    re.compile(rf"[\"'](?:{STAGE_VALUES})[\"']"),  # any stage value written in a template
]


def test_no_referral_template_compares_stage_values():
    found = [
        f"{path.name}:{number}: {line.strip()}"
        for path in sorted(TEMPLATES.glob("*.html"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if any(pattern.search(line) for pattern in COMPARISONS)
    ]
    assert not found, "Ask the referral model instead:\n" + "\n".join(found)


@pytest.mark.r10
def test_the_page_and_the_print_service_give_the_same_answer_about_a_letter(referral, konselor):
    assert not referral.letter_ready(LetterKind.SURAT_PENGANTAR) and not referral.letter_ready(LetterKind.LAPORAN)
    with pytest.raises(ValidationError):
        services.referral_issue_cover_letter(referral=referral, by=konselor)
    with pytest.raises(ValidationError):
        services.referral_issue_report(referral=referral, by=konselor, recipient="Kepala Sekolah")
    agree(referral, konselor)
    assert referral.letter_ready(LetterKind.SURAT_PENGANTAR) and not referral.letter_ready(LetterKind.LAPORAN)
    referral = walk_to(referral, konselor, Stage.PELAPORAN)
    assert referral.letter_ready(LetterKind.LAPORAN)


@pytest.mark.r3
def test_the_page_reads_the_experts_yes_from_the_contacts_it_shows(client_for, referral, konselor, school):
    """One read of the contacts serves the table and "did the current expert agree?" (an earlier
    expert's yes does not count), as the model answers it."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from referrals.models import ContactResponse, ExpertContact

    from ..factories import ExpertFactory

    ExpertContact.objects.create(referral=referral, expert=ExpertFactory(school=school), by=konselor,
                                 contacted_on=referral.created_at.date(), channel="telepon",
                                 response=ContactResponse.POSITIF)
    client = client_for("konselor")
    url = reverse("referrals:referral_detail", args=[referral.pk])
    with CaptureQueriesContext(connection) as captured:
        shown = client.get(url).context["referral"]
    assert not shown.expert_agreed() and not referral.expert_agreed()
    assert len([q for q in captured.captured_queries if 'FROM "referrals_expertcontact"' in q["sql"]]) == 1
    agree(referral, konselor)
    assert client.get(url).context["referral"].expert_agreed() and referral.expert_agreed()
