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
