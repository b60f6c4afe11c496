"""The ATK milestones as entries of the case's chronology (R12): created, consent, expert agreed,
handed over, the expert's report back, closed."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bkcase.chronology import Entry, in_period
from bkcase.workflow import Action, Stage

from .access import can_work_on_referrals, referrals_of_cases

KIND = "atk"


class ReferralSource:
    kinds = [(KIND, gettext_lazy("Referral (ATK)"))]

    def entries(self, membership, case_ids, kinds, start, end):
        found = []
        for referral in referrals_of_cases(membership, case_ids):
            url = reverse("referrals:referral_detail", args=[referral.pk])

            def add(on, title, text="", referral=referral, url=url):
                if on and in_period(on, start, end):
                    found.append(Entry(on=on, kind=KIND, kind_label=str(self.kinds[0][1]),
                                       title=f"{referral.code}: {title}", case_id=referral.case_id, text=text, url=url,
                                       order=referral.pk))

            add(timezone.localdate(referral.created_at), _("referral to %(expert)s started") % {"expert": referral.expert},
                referral.problem_summary)
            add(referral.consent_recorded_on(), _("the consent complete (the student and the parent or guardian)")
                if not referral.has_consent_exception else
                _("proceeding without the full consent: %(ground)s") % {
                    "ground": referral.get_consent_exception_ground_display()})
            for contact in referral.agreed_contacts:
                add(contact.contacted_on, _("the expert agreed to take the client"))
            add(referral.handover_on, _("the client handed over to the expert"))
            add(referral.client_met_expert_on, _("the client met the expert"))
            for change in referral.stage_changes.all():
                on = timezone.localdate(change.at)
                if change.action == Action.ADVANCE and change.from_stage == Stage.EVALUASI and referral.has_expert_report():
                    add(on, _("the expert's report back (rujukan balik) evaluated"))
                elif change.action == Action.ADVANCE and change.to_stage == Stage.TINDAK_LANJUT and referral.follow_up:
                    add(on, _("follow-up decided: %(decision)s") % {"decision": referral.get_follow_up_display()},
                        referral.follow_up_note)
                elif change.to_stage in (Stage.SELESAI, Stage.DIBATALKAN) and change.from_stage != change.to_stage:
                    add(on, _("referral %(stage)s") % {"stage": Stage(change.to_stage).label.lower()}, change.note)
        return found

    def case_actions(self, membership, case):
        if case.is_open and can_work_on_referrals(membership):
            return [(_("Refer to an expert (ATK)"), reverse("referrals:referral_create", args=[case.pk]))]
        return []


source = ReferralSource()
