"""Who may read which report.

The reports count what the other apps record; what a report may show is decided here:
- the BK coordinator reads the whole school's reports;
- a counselor reads the reports of their own caseload;
- the principal reads de-identified figures only (counts, no names, codes or narratives);
- nobody else reads any report (the page is refused with 403, as other pages a role never uses).
"""

from bkcase.access import CASE_COUNTERS, CASE_OWNERS, CASELOAD_OVERSEERS, has_role
from bkcase.models import Role

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
    """A report job (and its file) is seen only by the membership that asked for it."""
    if membership is None:
        return ReportJob.objects.none()
    return ReportJob.objects.filter(requested_by=membership)
