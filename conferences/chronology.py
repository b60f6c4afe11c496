"""The case conference milestones as entries of the case's chronology (R12): planned, approved by
the principal, held, its action items, closed. What was said (the minutes) is not among them."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bkcase.chronology import Entry, in_period
from bkcase.workflow import Action, Stage

from .access import can_organise, conferences_of_cases

KIND = "konferensi"


class ConferenceSource:
    kinds = [(KIND, gettext_lazy("Case conference"))]

    def entries(self, membership, case_ids, kinds, start, end):
        found = []
        for conference in conferences_of_cases(membership, case_ids):
            url = reverse("conferences:conference_detail", args=[conference.pk])

            def add(on, title, text="", conference=conference, url=url):
                if on and in_period(on, start, end):
                    found.append(Entry(on=on, kind=KIND, kind_label=str(self.kinds[0][1]),
                                       title=f"{conference.code}: {title}", case_id=conference.case_id, text=text,
                                       url=url, order=conference.pk))

            add(timezone.localdate(conference.created_at), _("conference planned: %(topic)s") % {
                "topic": conference.topic})
            for change in conference.stage_changes.all():
                on = timezone.localdate(change.at)
                if change.action == Action.APPROVE:
                    add(on, _("approved by the principal"))
                elif change.action == Action.ADVANCE and change.from_stage == Stage.PERENCANAAN:
                    add(conference.held_on or on, _("conference held"))
                elif change.to_stage in (Stage.SELESAI, Stage.DIBATALKAN) and change.from_stage != change.to_stage:
                    add(on, _("conference %(stage)s") % {"stage": Stage(change.to_stage).label.lower()})
            for item in conference.action_items.all():
                add(item.due_on, _("action item: %(what)s (%(who)s, %(status)s)") % {
                    "what": item.what, "who": item.responsible.name, "status": item.get_status_display().lower()})
        return found

    def case_actions(self, membership, case):
        if case.is_open and can_organise(membership):
            return [(_("Propose a case conference"), reverse("conferences:conference_create", args=[case.pk]))]
        return []


source = ConferenceSource()
