"""Who may read which report.

The reports count what the other apps record; what a report may show is decided here:
- the BK coordinator reads the whole school's reports;
- a counselor reads the reports of their own caseload;
- the principal reads de-identified figures only (counts, no names, codes or narratives);
- nobody else reads any report (the page is refused with 403, as other pages a role never uses).
"""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from bkcase.access import (
    CASE_COUNTERS,
    CASE_OWNERS,
    CASELOAD_OVERSEERS,
    cases_counted_for,
    cases_visible_to,
    has_role,
    on_visible_case,
    school_years_of,
)
from bkcase.models import Case, Role
from conferences.access import conferences_visible_to, open_actions_for
from conferences.models import Conference

from .models import ReportJob


def reads_whole_school(membership):
    """The coordinator's reports cover every counselor's cases."""
    return has_role(membership, CASELOAD_OVERSEERS)


def reads_own_caseload(membership):
    """A counselor's (and the coordinator's) reports of the cases they counsel."""
    return has_role(membership, CASE_OWNERS)


def reads_deidentified_figures(membership):
    """The principal (and the coordinator, to check what the principal and the office will see)."""
    return has_role(membership, CASE_COUNTERS)


def can_open_reports(membership):
    return reads_own_caseload(membership) or reads_deidentified_figures(membership)


# The ATK recap --------------------------------------------------------------------------------


def recaps_all_counselors(membership):
    """A recap holds all of the school's records for the coordinator, who oversees them; a
    counselor's recap holds their own."""
    return reads_whole_school(membership)


def recap_signer(membership):
    """Who signs a recap's PDF by name: the coordinator signs the school's recap; a counselor's own
    recap names no signer."""
    return membership if recaps_all_counselors(membership) else None


def signs_as_counselor(membership):
    """A counselor signs a recap of their own records as Guru BK; anyone else as the BK coordinator."""
    return has_role(membership, {Role.KONSELOR})


# Report files made in the background ------------------------------------------------------------


def report_jobs_visible_to(membership):
    """A report job (and its file) is seen only by the membership that asked for it, while it holds
    the role it asked in: a file made for a coordinator holds the whole school, so a coordinator
    narrowed to counselor (or made principal) no longer sees it."""
    if membership is None:
        return ReportJob.objects.none()
    return ReportJob.objects.filter(requested_by=membership, requested_role=membership.role)


def report_jobs_outgrown_by(membership):
    """The jobs of `membership` asked in another role than the one it holds now (or any, once it is
    no longer active): their files are deleted when the role changes."""
    jobs = ReportJob.objects.filter(requested_by=membership)
    return jobs if not membership.active else jobs.exclude(requested_role=membership.role)


# The period report (laporan bulanan / semester) and the de-identified figures -----------------


def reads_period_report(membership):
    """The named period report: the coordinator's covers the school, a counselor's their caseload."""
    return reads_own_caseload(membership)


def cases_reported_for(membership):
    """The cases a period report counts: the whole school's for the coordinator and, counted only,
    for the principal; a counselor's own caseload (responsible or co-counselor); nothing for others."""
    if reads_whole_school(membership) or reads_deidentified_figures(membership):
        return cases_counted_for(membership)
    if reads_own_caseload(membership):
        return cases_visible_to(membership)
    return Case.objects.none()


def deidentified_cases_for(membership):
    """The cases the de-identified figures count: the whole school's, for the principal and the coordinator."""
    if not reads_deidentified_figures(membership):
        return Case.objects.none()
    return cases_counted_for(membership)


def records_on(cases, model, membership):
    """The rows of `model` (a record with a `case` and a `school`: services, referrals, conferences,
    evaluations) that hang on `cases`, which the caller scoped with one of the functions above."""
    if membership is None:
        return model.objects.none()
    return model.objects.filter(school_id=membership.school_id, case__in=cases.values("pk"))


def years_for_reports(membership):
    return school_years_of(membership)


def report_signer(membership):
    """Who signs a period report by name: the coordinator and the counselor sign their own; the
    de-identified figures the principal prints leave the coordinator's name to be written."""
    return membership if reads_own_caseload(membership) else None


def report_scope_label(membership):
    if reads_whole_school(membership) or not reads_own_caseload(membership):
        return _("The whole school")
    return _("The caseload of %(name)s") % {"name": membership.display_name}


# The conference recap -------------------------------------------------------------------------


def can_recap_conferences(membership):
    """Counselors recap their own conferences, the coordinator the school's."""
    return reads_own_caseload(membership)


def conferences_recapped_for(membership):
    """The conferences a conference recap of `membership` holds: all of the school's for the
    coordinator; a counselor's own (on a case they counsel, or led by them) otherwise, not those they
    were only invited to."""
    if not can_recap_conferences(membership):
        return Conference.objects.none()
    conferences = conferences_visible_to(membership)
    if reads_whole_school(membership):
        return conferences
    return conferences.filter(on_visible_case(membership) | Q(leader=membership))


def open_actions_counted_for(membership):
    """The open action items a report or signal counts: those of the conferences the member's
    conference recap holds (the school's for the coordinator; a counselor's own, not those of
    conferences they were only invited to)."""
    return open_actions_for(membership).filter(conference__in=conferences_recapped_for(membership).values("pk"))
