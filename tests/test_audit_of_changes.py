"""S8 for every state change: each create, change, transition and print sent through its URL writes
one audit row saying who (user and role, in which school), what (the action and the object) and
from where (the address), and no row holds the text that was typed.

The requests are those of tests/endpoints.py: every state-changing URL of the project, with the
user allowed to send it and the record it needs. Views and denials have their own tests (grep s8).
"""

import pytest

from bkcase.models import AuditEvent

from .endpoints import ENDPOINTS, build_world, last_audit_id, read_outcome, refresh

ADDRESS = "10.20.30.40"


def typed_text(data):
    """The free text of a POST: what must never reach the audit trail."""
    values = [v for value in data.values() for v in (value if isinstance(value, list) else [value])]
    return [v for v in values if isinstance(v, str) and len(v) >= 12 and " " in v]


@pytest.mark.s8
@pytest.mark.parametrize("endpoint", [pytest.param(e, id=e.id) for e in ENDPOINTS if e.audit])
def test_a_state_change_writes_one_audit_row_with_who_what_and_where_and_no_typed_text(endpoint, cast, case, expert):
    world = build_world(cast, case, expert)
    if endpoint.arrange:
        endpoint.arrange(world)
    refresh(world)
    client = endpoint.client(world)
    data = endpoint.valid(world)
    since = last_audit_id()
    response = client.post(endpoint.url(world), data, REMOTE_ADDR=ADDRESS)
    assert not read_outcome(response).refused, read_outcome(response).describe()

    actor = cast[endpoint.who or endpoint.actor]
    written = AuditEvent.objects.filter(pk__gt=since)
    rows = list(written.filter(action=endpoint.audit).values_list("username", "role", "school", "ip"))
    assert rows == [(actor.user.username, actor.role, actor.school_id, ADDRESS)]
    row = written.get(action=endpoint.audit)
    assert row.object_type and row.object_id and row.occurred_at
    for text in typed_text(data):
        for event in written.values():
            assert text not in str(event), (text, event)
