"""The referrals of a generated district (see bkcase/loadgen.py): spread over every stage, with the
data each passed stage requires, their contacts and their stage history, in bulk."""

import datetime

from bkcase.models import Counter
from bkcase.workflow import FLOW, Action, Stage

from .models import ContactResponse, Expert, ExpertContact, ExpertKind, Referral, ReferralStageChange

STAGES = [*FLOW, Stage.DIBATALKAN]


def _fill(referral, reached, day):
    """The data of every stage before `reached`."""
    if reached >= 1:
        referral.consent_on, referral.consent_method = day, "lisan"
        referral.guardian_consent_on, referral.guardian_consent_method = day, "tertulis"
        referral.guardian_consent_by = "Orang tua klien"
        referral.alternatives_offered, referral.client_choice = "Dirujuk, atau konseling dengan guru BK.", "Dirujuk."
    if reached >= 2:
        referral.plan_communicated_to, referral.plan_communicated_on = "Orang tua", day
        referral.handover_on = referral.client_met_expert_on = day
        referral.expert_report_due_on = day + datetime.timedelta(days=14)
    if reached >= 3:
        referral.client_account = referral.expert_report = referral.counselor_evaluation = "Catatan."
    if reached >= 4:
        referral.effectiveness, referral.effectiveness_reason = "sebagian", "Sebagian teratasi."
    if reached >= 5:
        referral.follow_up = "konselor"
    if reached >= 6:
        referral.report_number, referral.report_on = f"{referral.code}/LAP", day
        referral.report_delivered_to, referral.report_delivered_on, referral.report_filed_on = "Kepala", day, day


def generate(world, rng):
    school, today = world["school"], world["today"]
    experts = Expert.objects.bulk_create([
        Expert(school=school, kind=kind, name=f"{kind.label} {n + 1}", institution="Instansi Uji")
        for kind in ExpertKind for n in range(2)
    ])
    cases = [c for c in world["cases"] if c.must_refer and not c.must_report]
    cases += [c for c in world["cases"] if not c.must_refer and rng.random() < 0.1]
    referrals = []
    for n, case in enumerate(cases):
        stage = rng.choice(STAGES)
        reached = FLOW.index(stage) if stage in FLOW else 0
        referral = Referral(
            school=school, case=case, code=f"ATK-{today.year}-{n + 1:04d}", expert=rng.choice(experts),
            created_by=case.counselor, stage=stage, problem_summary=case.title, functions=["pengentasan"],
            cancel_reason="Klien menarik persetujuan." if stage == Stage.DIBATALKAN else "",
            cancel_reason_kind="persetujuan_ditarik" if stage == Stage.DIBATALKAN else "",
        )
        _fill(referral, reached, case.opened_on + datetime.timedelta(days=1))
        referrals.append(referral)
    Referral.objects.bulk_create(referrals, batch_size=2000)
    Counter.objects.create(school=school, key=f"ATK-{today.year}", value=len(referrals))
    contacts, history = [], []
    for referral in referrals:
        reached = FLOW.index(referral.stage) if referral.stage in FLOW else 0
        if reached >= 1:
            contacts.append(ExpertContact(referral=referral, expert=referral.expert, contacted_on=referral.consent_on,
                                          channel="telepon", response=ContactResponse.POSITIF, by=referral.created_by))
        for i in range(reached):
            history.append(ReferralStageChange(record=referral, action=Action.ADVANCE, from_stage=FLOW[i],
                                               to_stage=FLOW[i + 1], by=referral.created_by))
        if referral.stage == Stage.DIBATALKAN:
            history.append(ReferralStageChange(record=referral, action=Action.CANCEL, from_stage=Stage.PERENCANAAN,
                                               to_stage=Stage.DIBATALKAN, note=referral.cancel_reason,
                                               by=referral.created_by))
    ExpertContact.objects.bulk_create(contacts, batch_size=2000)
    ReferralStageChange.objects.bulk_create(history, batch_size=2000)
