"""Property-based fuzzing (S21): generated input on every form and transition never gives a 500,
and a refused request saves nothing."""

import datetime

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bkcase.models import AuditEvent, Case, Student
from conferences import services as conference_services
from conferences.models import ActionItem, Conference, Participant, ParticipantInformation
from referrals import services as referral_services
from referrals.models import Expert, ExpertContact, Referral

EXAMPLES = 40

values = st.one_of(
    st.text(max_size=40),
    st.text(min_size=3000, max_size=12000, alphabet=st.characters(codec="utf-8")),
    st.integers(min_value=-(2**63), max_value=2**63).map(str),
    st.sampled_from(["", " ", "0", "-1", "true", "false", "on", "None", "2026-02-30", "2999-12-31", "1900-01-01",
                     "<script>alert(1)</script>", "' OR 1=1 --", "\x00", "polisi", "perencanaan", "selesai",
                     "approved", "9999999999999999999999", "💥" * 50]),
)
FIELDS = [
    "nis", "nisn", "full_name", "sex", "date_of_birth", "class_name", "active", "category", "title", "description",
    "opened_on", "counselor", "co_counselors", "version", "closed_on", "closing_note", "kind", "expert",
    "problem_summary", "functions", "consent_on", "consent_method", "guardian_informed", "contacted_on", "channel",
    "response", "stage", "note", "topic", "initiative", "convener", "leader", "held_on", "starts_at", "place",
    "participant-group", "participant-role", "participant-name", "participant-account", "decision-comment",
    "info-participant", "info-topic", "info-text", "action-responsible", "action-what", "action-due_on",
    "minutes_opening", "school", "code", "approval", "report_number", "name", "institution", "letter_number_format",
    "npsn", "username", "password", "role",
]
posts = st.dictionaries(st.sampled_from(FIELDS), values, max_size=14)

COUNTED = [Student, Case, Referral, ExpertContact, Expert, Conference, Participant, ParticipantInformation, ActionItem]
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@pytest.fixture
def world(cast, case, expert, konselor):
    referral = referral_services.referral_create(case=case, by=konselor, expert=expert, problem_summary="x",
                                                 functions=["pemahaman"])
    conference = conference_services.conference_create(
        case=case, by=konselor, topic="Topik", initiative="konselor", convener="kepala",
        consent_on=datetime.date(2026, 11, 2), consent_method="lisan", held_on=datetime.date(2026, 11, 20),
        starts_at=datetime.time(9), place="Ruang BK",
    )
    participant = conference_services.participant_add(
        conference=conference, by=konselor, group="a", role="orang_tua", name="Agus", account=cast["peserta"]
    )
    item = ActionItem.objects.create(conference=conference, responsible=participant, what="x",
                                     due_on=datetime.date(2026, 12, 1))
    return {"case": case, "referral": referral, "conference": conference, "expert": expert,
            "participant": participant, "item": item, "operator": cast["operator"]}


def endpoints(world):
    case, referral, conference = world["case"], world["referral"], world["conference"]
    c, p = conference.pk, world["participant"].pk
    return [
        ("konselor", reverse("switch_school")),
        ("konselor", reverse("case_reopen", args=[case.pk])),
        ("koordinator", reverse("referrals:expert_edit", args=[world["expert"].pk])),
        ("konselor", reverse("referrals:referral_follow_up", args=[referral.pk])),
        ("konselor", reverse("referrals:cover_letter", args=[referral.pk])),
        ("konselor", reverse("conferences:participant_update", args=[c, p])),
        ("konselor", reverse("conferences:participant_signed", args=[c, p])),
        ("konselor", reverse("conferences:information_add", args=[c])),
        ("konselor", reverse("conferences:action_add", args=[c])),
        ("konselor", reverse("conferences:action_update", args=[c, world["item"].pk])),
        ("peserta", reverse("conferences:invitation", args=[p])),
        ("kepala", reverse("conferences:approval_decide", args=[c, "approve"])),
        ("operator", reverse("staff_edit", args=[world["operator"].pk])),
        ("konselor", reverse("conferences:participant_remove", args=[c, p])),
        ("konselor", reverse("student_create")),
        ("konselor", reverse("student_edit", args=[case.student.pk])),
        ("konselor", reverse("case_create", args=[case.student.pk])),
        ("konselor", reverse("case_edit", args=[case.pk])),
        ("konselor", reverse("case_close", args=[case.pk])),
        ("koordinator", reverse("referrals:expert_create")),
        ("konselor", reverse("referrals:referral_create", args=[case.pk])),
        ("konselor", reverse("referrals:referral_edit", args=[referral.pk])),
        ("konselor", reverse("referrals:referral_add_contact", args=[referral.pk])),
        ("konselor", reverse("referrals:referral_transition", args=[referral.pk, "advance"])),
        ("konselor", reverse("referrals:referral_transition", args=[referral.pk, "back"])),
        ("koordinator", reverse("referrals:consent_override", args=[referral.pk])),
        ("konselor", reverse("conferences:conference_create", args=[case.pk])),
        ("konselor", reverse("conferences:conference_edit", args=[conference.pk])),
        ("konselor", reverse("conferences:participant_add", args=[conference.pk])),
        ("konselor", reverse("conferences:approval_request", args=[conference.pk])),
        ("kepala", reverse("conferences:approval_decide", args=[conference.pk, "decline"])),
        ("konselor", reverse("conferences:conference_transition", args=[conference.pk, "cancel"])),
        ("operator", reverse("school_edit")),
        ("operator", reverse("staff_create")),
    ]


def counts():
    return [model.objects.count() for model in COUNTED]


def fuzz_endpoint(client, url):
    @FUZZ
    @given(data=posts)
    def post(data):
        before = counts()
        response = client.post(url, data)
        assert response.status_code < 500, (url, data)
        refused = response.status_code >= 400 or (
            response.status_code == 200 and "alert-danger" in response.content.decode()
        )
        if refused:
            assert counts() == before, (url, data)  # a refusal saves nothing

    post()


@pytest.mark.s21
def test_generated_posts_to_every_form_and_transition_never_give_a_500(client_for, world):
    clients = {}
    total = 0
    for who, url in endpoints(world):
        client = clients.setdefault(who, client_for(who))
        client.raise_request_exception = False

        fuzz_endpoint(client, url)
        total += EXAMPLES
    assert total >= 1300
    assert AuditEvent.objects.exists()
