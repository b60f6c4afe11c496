import datetime

import pytest

from bkcase.workflow import Stage
from referrals import services
from referrals.models import ContactResponse, CounselingFunction, ExpertContact

from ..consent import consented

# kemandirian: the alternatives put before the client, and the client's choice
CHOICE = {
    "alternatives_offered": "Psikolog sekolah mitra, atau konseling lanjutan dengan guru BK",
    "client_choice": "Psikolog",
}


def plan_with_consent(referral, by):
    """Planning's own data: the client's choice, and both parts of the consent (R11) of 3 November."""
    referral = services.referral_update_stage(referral=referral, by=by, version=None, **CHOICE)
    return consented(referral, by)


@pytest.fixture
def referral(case, expert, konselor):
    """A referral of `konselor`'s case, just started: planning, nothing recorded yet."""
    return services.referral_create(
        case=case, by=konselor, expert=expert, problem_summary="Sulit berkonsentrasi dan cemas berlebihan.",
        functions=[CounselingFunction.PENGENTASAN], outside_authority=True,
    )


def agree(referral, by, response=ContactResponse.POSITIF):
    return ExpertContact.objects.create(
        referral=referral, expert=referral.expert, contacted_on=datetime.date(2026, 11, 4), channel="telepon",
        response=response, by=by,
    )


STAGE_DATA = {
    Stage.PELAKSANAAN: {
        "plan_communicated_to": "Orang tua dan wali kelas", "plan_communicated_on": datetime.date(2026, 11, 5),
        "handover_on": datetime.date(2026, 11, 6), "client_met_expert_on": datetime.date(2026, 11, 7),
    },
    Stage.EVALUASI: {"client_account": "Lebih tenang", "expert_report": "Rujukan balik", "counselor_evaluation": "Baik"},
    Stage.ANALISIS: {"effectiveness": "tuntas", "effectiveness_reason": "Masalah teratasi"},
    Stage.TINDAK_LANJUT: {"follow_up": "tidak_ada", "follow_up_note": ""},
    Stage.PELAPORAN: {"report_delivered_on": datetime.date(2026, 11, 20), "report_filed_on": datetime.date(2026, 11, 21)},
}


def walk_to(referral, by, target):
    """Record each stage's data and advance through the services until `target`."""
    while referral.stage != target:
        if referral.stage == Stage.PERENCANAAN:
            referral = plan_with_consent(referral, by)
            agree(referral, by)
        elif referral.stage == Stage.PELAPORAN:
            services.referral_issue_report(referral=referral, by=by, recipient="Kepala Sekolah")
            referral = services.referral_update_stage(referral=referral, by=by, version=None, **STAGE_DATA[Stage.PELAPORAN])
        else:
            referral = services.referral_update_stage(referral=referral, by=by, version=None, **STAGE_DATA[referral.stage])
        referral = services.referral_transition(referral=referral, by=by, action="advance")
    return referral
