"""Property-based fuzzing (S21): generated POSTs to every form and transition never give a 500; a
refused request saves nothing; an accepted one really changes something.

One test per state-changing endpoint of tests/endpoints.py. Each example starts from the same
records (a savepoint, rolled back after it), takes the endpoint's known-valid POST, replaces some of
its fields with generated values, drops some and forges others (stage, version, school, ...), and
judges the answer by what the user is told and what the database holds:

- refused: a 4xx, an error message (on the page shown again, or carried over a redirect and shown
  on the next page), or the form shown again with its errors. Then every application table holds
  exactly what it held before, row by row and field by field, versions included.
- accepted: then something observable changed: a row, a field, a version, a stage, the session.
  An accepted request that changed nothing must at least have said something to the user.

The valid POST itself is always one of the examples: it must be accepted and change the tables the
endpoint is for (its audit row: tests/test_audit_of_changes.py).
"""

import atexit
import copy
import os
import re
from dataclasses import dataclass

import pytest
from django.db import transaction
from django.utils.html import escape
from hypothesis import HealthCheck, Phase, assume, example, given, settings
from hypothesis import strategies as st

from bkcase.models import Case, Membership, Student
from conferences.models import ActionItem, Conference, Participant
from referrals.models import Expert, Referral

from .endpoints import (
    BY_ID,
    ENDPOINTS,
    ERROR_MESSAGE_MARKUP,
    build_world,
    changed_tables,
    read_outcome,
    refresh,
    snapshot,
)

# and the valid POST: 15 per endpoint in make test. A deeper run: BKCASE_FUZZ_EXAMPLES per endpoint, or
# BKCASE_FUZZ_TOTAL inputs shared among the endpoints (`make fuzz`: scripts/fuzz.sh, which also sets
# BKCASE_FUZZ_COUNT, a file that receives the number of inputs sent)
GENERATED_EXAMPLES = (-(-int(os.environ["BKCASE_FUZZ_TOTAL"]) // len(ENDPOINTS)) if os.environ.get("BKCASE_FUZZ_TOTAL")
                      else int(os.environ.get("BKCASE_FUZZ_EXAMPLES", "14")))
SENT = {"inputs": 0}


@atexit.register
def _report_inputs_sent():
    if os.environ.get("BKCASE_FUZZ_COUNT"):
        with open(os.environ["BKCASE_FUZZ_COUNT"], "a") as out:
            out.write(f"{SENT['inputs']}\n")

# Fields no form offers, which a crafted request may still send (S5).
FORGED = ("stage", "version", "school", "code", "id", "approval", "approved_by", "created_by", "counselor", "by")

SPECIAL = [
    "", " ", "x" * 256, "x" * 5000, "0", "-1", "1", "on", "off", "true", "false", "unknown", "None", "null",
    "2026-02-30", "2026-12-01", "2999-12-31", "0001-01-01", "1900-01-01", "25:61", "09:00", "<script>alert(1)</script>", "' OR 1=1 --", "\x00",
    "a\x00b", "polisi", "perencanaan", "pelaksanaan", "selesai", "dibatalkan", "approved", "requested", "kepala",
    "operator", "advance", "9999999999999999999999", "1e309", "NaN", "💥" * 50, "{seq:03d}/{code}", "{seq:abc}",
    "{0.__class__}", "{", "https://evil.example/", "//evil.example/", "/\\evil.example",
]

FUZZ = settings(
    max_examples=GENERATED_EXAMPLES, deadline=None, derandomize=True, database=None,
    phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck),
)


@dataclass(frozen=True)
class KnownBug:
    """An application bug this fuzzing found (all fixed since). Its own test below sends the input
    that showed it, and must pass; the fuzzing leaves the inputs that run into it (`hits`) to that
    test, so that the rest of the endpoint is still fuzzed."""

    endpoint: str
    reason: str
    plan: tuple
    hits: object  # (sent data, valid data) -> bool


def _last(value):
    """What the view reads of a field sent several times: the last value."""
    return (value[-1] if value else "") if isinstance(value, list) else value


def _version_unreadable(data, valid):
    """The form's hidden version field is missing or not a whole number."""
    value = _last(data.get(next(key for key in valid if key.endswith("version"))))
    return not isinstance(value, str | int) or not re.fullmatch(r"\s*[+-]?\d+(\.0*)?\s*", str(value))


SILENT_VERSION = "a POST whose hidden version is missing or not a number is refused without telling the user why: "
SILENT_FORM = "200, the form again with no error shown (crispy does not render a hidden field's error), no message"
KNOWN_BUGS = [
    *[KnownBug(endpoint, SILENT_VERSION + SILENT_FORM, (("drop", "version", ""),), _version_unreadable)
      for endpoint in ("student_edit", "case_edit", "school_edit", "staff_edit", "referrals:expert_edit")],
    KnownBug("case_reopen", SILENT_VERSION + "302 back to the case page with no message (the view turns only "
                                             "non-field errors into messages)",
             (("drop", "version", ""),), _version_unreadable),
    KnownBug("conferences:participant_update", SILENT_VERSION + "400, the conference page again, no error shown on "
                                                                "the participant's form, no message",
             (("drop", "p{participant}-version", ""),), _version_unreadable),
    KnownBug("login", "a username longer than 255 characters gives a 500: django-axes stores the attempted "
                      "username in AccessAttempt.username, a varchar(255) (DataError)",
             (("set", "username", "x" * 256),), lambda data, valid: len(str(_last(data.get("username", "")))) > 150),
    KnownBug("referrals:referral_consent_exception", "a reason containing a NUL character gave a 500: the view "
                                                      "passed request.POST['reason'] to the service without a form, "
                                                      "and PostgreSQL refuses NUL in text (ValueError)",
             (("set", "exception-reason", "Darurat\x00"),),
             lambda data, valid: "\x00" in str(_last(data.get("exception-reason", "")))),
]


def bugs_of(endpoint):
    return [bug for bug in KNOWN_BUGS if bug.endpoint == endpoint.id]


def record_ids():
    """Keys of real records, of this school and the other: a forged key is most interesting when it
    names something that exists."""
    models = (Membership, Student, Case, Expert, Referral, Conference, Participant, ActionItem)
    return sorted({pk for model in models for pk in model.objects.values_list("pk", flat=True)})


def values(ids):
    scalar = st.one_of(
        st.text(max_size=40),
        st.text(min_size=250, max_size=2500),
        st.sampled_from(SPECIAL),
        st.integers(min_value=-(2**63), max_value=2**64).map(str),
        st.dates().map(lambda d: d.isoformat()),
        st.sampled_from(ids).map(str),
    )
    return st.one_of(scalar, st.lists(scalar, max_size=3))


def plans(fields, forged, ids):
    """What to do to the valid POST: set a field to a generated value, or drop it; mostly the
    form's own fields, sometimes one it does not offer."""
    name = st.one_of(st.sampled_from(fields), st.sampled_from(forged)) if fields else st.sampled_from(forged)
    step = st.one_of(
        st.tuples(st.just("set"), name, values(ids)),
        st.tuples(st.just("drop"), name, st.just("")),
    )
    return st.lists(step, min_size=1, max_size=5)


def apply(plan, data, world):
    data = dict(data)
    for op, name, value in plan:
        name = name.format(participant=world.participant.pk)
        if op == "drop":
            data.pop(name, None)
        else:
            data[name] = value
    return data


def shorten(data):
    return {name: (repr(value)[:60] + "...") if len(repr(value)) > 60 else value for name, value in data.items()}


def judge(endpoint, world, client, data, valid):
    """Send one POST and check what it did against what the user was told. `valid`: whether the
    data is the endpoint's known-valid POST."""
    url = endpoint.url(world)
    observed = endpoint.observe(client, world) if endpoint.observe else None
    before = snapshot()
    # a browser always sends the form's token: without one an empty form would be an empty POST
    response = client.post(url, {**data, "csrfmiddlewaretoken": "sent-by-the-browser"})
    SENT["inputs"] += 1
    outcome = read_outcome(response)
    where = f"POST {url} {shorten(data)} as {endpoint.who}: {outcome.describe()}"
    assert outcome.status < 500, where  # the error itself is in the captured log
    after = snapshot()
    changed = changed_tables(before, after)
    moved = endpoint.observe is not None and endpoint.observe(client, world) != observed

    if outcome.refused:
        assert changed == [], f"refused, yet {changed} changed: {where}"
        if outcome.status == 400 and outcome.html:
            assert outcome.errors or outcome.form_errors, f"the page shown again does not say why: {where}"
        if outcome.status in (301, 302):
            page = client.get(response.url).content.decode()
            shown = ERROR_MESSAGE_MARKUP in page and escape(outcome.errors[0]) in page
            assert shown, f"the refusal is not shown on the page the redirect leads to: {where}"
        assert not valid, f"the valid POST was refused: {where}"
        return outcome

    if valid:
        assert set(endpoint.changes) <= set(changed), f"the valid POST changed {changed}: {where}"
        if endpoint.observe:
            assert moved, f"the valid POST changed nothing observable: {where}"
    if not changed and not moved:
        assert outcome.others or endpoint.quiet_noop, f"accepted, yet nothing changed and nothing was said: {where}"
    return outcome


def arranged_world(endpoint, cast, case, expert):
    world = build_world(cast, case, expert)
    if endpoint.arrange:
        endpoint.arrange(world)
    return refresh(world)


def send(endpoint, world, client, plan):
    """One example: from the same records and the same browser every time (the savepoint is rolled
    back after it, sessions included, and the browser's cookies are put back as they were)."""
    valid = endpoint.valid(world)
    data = apply(plan, valid, world)
    assume(not any(bug.hits(data, valid) for bug in bugs_of(endpoint)))
    cookies = copy.deepcopy(client.cookies)
    try:
        with transaction.atomic():
            outcome = judge(endpoint, world, client, data, valid=not plan)
            transaction.set_rollback(True)
        return outcome
    finally:
        client.cookies = cookies


@pytest.mark.s21
@pytest.mark.parametrize("endpoint", [pytest.param(e, id=e.id) for e in ENDPOINTS])
def test_generated_posts_never_give_a_500_and_only_an_accepted_one_changes_anything(endpoint, cast, case, expert):
    world = arranged_world(endpoint, cast, case, expert)
    client = endpoint.client(world)
    fields = sorted(endpoint.valid(world))
    forged = sorted((set(endpoint.forged) | set(FORGED)) - set(fields))

    @FUZZ
    @example(plan=[])  # the valid POST
    @given(plan=plans(fields, forged, record_ids()))
    def fuzz(plan):
        send(endpoint, world, client, plan)

    fuzz()


@pytest.mark.s21
@pytest.mark.parametrize(
    "bug", [pytest.param(b, id=b.endpoint) for b in KNOWN_BUGS]
)
def test_an_input_that_broke_an_endpoint_is_refused_with_its_reason_and_saves_nothing(bug, cast, case, expert):
    endpoint = BY_ID[bug.endpoint]
    world = arranged_world(endpoint, cast, case, expert)
    with transaction.atomic():
        outcome = judge(endpoint, world, endpoint.client(world), apply(bug.plan, endpoint.valid(world), world),
                        valid=False)
        transaction.set_rollback(True)
    assert outcome.refused, f"{bug.endpoint}: the input that once broke it was accepted: {outcome.describe()}"
