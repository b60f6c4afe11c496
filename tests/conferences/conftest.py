import datetime

import pytest
from django.utils import timezone

from bkcase import workflow
from conferences import services

from ..consent import consented

REASON = "Tiga kali konseling individual belum mengubah keadaan; perlu keterangan orang tua dan wali kelas."
FUNCTIONS = ["informasi", "pengentasan"]


def days(n):
    """The date n days from today (negative: in the past)."""
    return timezone.localdate() + datetime.timedelta(days=n)


@pytest.fixture
def conference(case, konselor):
    """A conference of `konselor`'s case, to be held today, planned with the client's agreement and
    the reason for it; nobody invited yet but its leader (and minute-taker), `konselor`."""
    conference = services.conference_create(
        case=case,
        by=konselor,
        topic="Sering membolos",
        initiative="wali_kelas",
        convener="kepala",
        reason=REASON,
        functions=FUNCTIONS,
        held_on=days(0),
        starts_at=datetime.time(9, 0),
        place="Ruang BK",
    )
    return consented(conference, konselor, consent_on=days(-14), guardian_consent_on=days(-14))


def invite(conference, by, account=None, name="Agus Prasetyo", acknowledged=True):
    participant = services.participant_add(
        conference=conference, by=by, group="a", role="orang_tua", name=name, account=account
    )
    if acknowledged:
        if account is not None:
            services.participant_acknowledge(participant=participant, by=account)
        else:
            services.participant_record_signed_acknowledgment(participant=participant, by=by)
    return participant


def approve(conference, by, principal):
    services.conference_request_approval(conference=conference, by=by)
    return services.conference_decide(conference=conference, by=principal, approve=True)


def hold(conference, by):
    """Advance an approved conference into execution."""
    return workflow.perform(conference, workflow.Action.ADVANCE, by=by)
