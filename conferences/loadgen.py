"""The case conferences of a generated district (see bkcase/loadgen.py), in every stage, in bulk."""

import datetime

from bkcase.models import Counter
from bkcase.workflow import FLOW, Action, Stage

from .models import ActionItem, Approval, Conference, ConferenceStageChange, Participant

STAGES = [*FLOW, Stage.DIBATALKAN]


def generate(world, rng):
    school, today, members = world["school"], world["today"], world["members"]
    principal = members["kepala"][0]
    guests = members["peserta"]
    cases = [c for c in world["cases"] if rng.random() < 0.05]
    conferences = []
    for n, case in enumerate(cases):
        stage = rng.choice(STAGES)
        held = stage in FLOW and FLOW.index(stage) >= 1
        day = case.opened_on + datetime.timedelta(days=3)
        conference = Conference(
            school=school, case=case, code=f"KK-{today.year}-{n + 1:04d}", topic=f"Konferensi {n + 1}",
            initiative="konselor", convener="kepala", leader=case.counselor, created_by=case.counselor, stage=stage,
            held_on=day, starts_at=datetime.time(9), place="Ruang BK", consent_on=day, consent_method="lisan",
            guardian_consent_on=day, guardian_consent_method="tertulis", guardian_consent_by="Orang tua klien",
            approval=Approval.APPROVED if held else rng.choice(Approval.values),
            approval_decided_by=principal if held else None,
            minutes_opening="Dibuka." if held else "", minutes_counselor_data="Data." if held else "",
            minutes_positive_sides="Ramah." if held else "", minutes_background="Keluarga." if held else "",
            minutes_leader_conclusion="Kesimpulan." if held else "",
        )
        conferences.append(conference)
    Conference.objects.bulk_create(conferences, batch_size=2000)
    Counter.objects.create(school=school, key=f"KK-{today.year}", value=len(conferences))
    participants, history = [], []
    for conference in conferences:
        held = conference.stage in FLOW and FLOW.index(conference.stage) >= 1
        for i, role in enumerate(("orang_tua", "wali_kelas", "psikolog")):
            participants.append(Participant(
                conference=conference, group="ab"[min(i, 1)], role=role, name=f"Peserta {i + 1}",
                account=rng.choice(guests) if i == 0 else None, acknowledged_at=conference.created_at,
                acknowledged_how="signed", attended=True if held else None, committed=True if held else None,
            ))
        reached = FLOW.index(conference.stage) if conference.stage in FLOW else 0
        for i in range(reached):
            history.append(ConferenceStageChange(record=conference, action=Action.ADVANCE, from_stage=FLOW[i],
                                                 to_stage=FLOW[i + 1], by=conference.leader))
    Participant.objects.bulk_create(participants, batch_size=2000)
    ConferenceStageChange.objects.bulk_create(history, batch_size=2000)
    items = [
        ActionItem(conference=p.conference, responsible=p, what="Pendampingan", due_on=today + datetime.timedelta(days=14))
        for p in participants
        if p.conference.stage in (Stage.TINDAK_LANJUT, Stage.PELAPORAN, Stage.SELESAI) and p.role == "orang_tua"
    ]
    ActionItem.objects.bulk_create(items, batch_size=2000)
