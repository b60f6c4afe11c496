"""The chronology of a case (R12): one date-ordered list of everything done on it.

The core names no app: each app contributes its entries through a *source* listed in the setting
`CASE_CHRONOLOGY` (dotted paths, like `CASE_PANELS`). A source is an object with

- `kinds`: [(key, label), ...], the kinds of entry it contributes (the filter offers them);
- `entries(membership, case_ids, kinds, start, end)`: the entries of those cases that the user may
  see, of the kinds asked for (None: all), between `start` and `end` (dates, or None), in a fixed
  number of queries however many there are;
- optionally `case_actions(membership, case)`: [(label, url), ...], the next things the user may
  start on the case from the chronology (a session, a referral, a conference).

A student's chronology is the same list over the student's cases that the user may see: an entry of
a case the user cannot see is absent, not hidden.
"""

import datetime
from dataclasses import dataclass, field
from functools import cache

from django.conf import settings
from django.utils.module_loading import import_string


@dataclass
class Entry:
    on: datetime.date
    kind: str
    kind_label: str
    title: str
    case_id: int
    at: datetime.time | None = None
    text: str = ""  # the narrative, for those who may read it
    lines: list = field(default_factory=list)  # [(label, value)]
    author: str = ""
    url: str = ""
    planned: bool = False
    order: int = 0  # ties on one day and time: the order the source gives
    actions: list = field(default_factory=list)  # [(label, url, method)]
    case_code: str = ""  # set where entries of several cases are shown together

    @property
    def sort_key(self):
        return (self.on, self.at or datetime.time.min, self.order)


@cache
def sources():
    return [import_string(path) for path in settings.CASE_CHRONOLOGY]


def kinds():
    """Every kind of entry, for the filter: [(key, label), ...]."""
    return [kind for source in sources() for kind in source.kinds]


def kind_keys():
    return {key for key, _label in kinds()}


def entries(membership, case_ids, *, kinds=None, start=None, end=None, newest_first=False):
    """The entries of the cases `case_ids` that `membership` may see, in date order."""
    case_ids = list(case_ids)
    if not case_ids:
        return []
    wanted = set(kinds) if kinds else None
    found = []
    for source in sources():
        offered = {key for key, _label in source.kinds}
        if wanted is not None and not (wanted & offered):
            continue
        found += source.entries(membership, case_ids, wanted & offered if wanted else None, start, end)
    return sorted(found, key=lambda entry: entry.sort_key, reverse=newest_first)


def case_actions(membership, case):
    """What the user may start on the case from its chronology, one step each."""
    actions = []
    for source in sources():
        provide = getattr(source, "case_actions", None)
        if provide:
            actions += provide(membership, case)
    return actions


def in_period(on, start, end):
    return (start is None or on >= start) and (end is None or on <= end)


def plan_session(*, case, by, on, origin, about=""):
    """Plan a counseling session on the case, through the app that keeps the counselor's sessions
    (the setting `CASE_SESSION_PLANNER`, a dotted path): a referral's follow-up "counseling continues
    with the counselor", a conference's action item the case's counselor answers for. `origin` names
    what asked for it ("referrals.referral:12"): asking twice plans one session. Runs inside the
    caller's transaction; without a planner configured, nothing happens."""
    path = getattr(settings, "CASE_SESSION_PLANNER", "")
    if path:
        return import_string(path)(case=case, by=by, on=on, origin=origin, about=about)
    return None
