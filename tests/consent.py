"""The consent of a minor as the tests give it (R11): the student's assent and a parent's consent."""

import datetime

GIVEN = {
    "consent_on": datetime.date(2026, 11, 3), "consent_method": "lisan",
    "guardian_consent_on": datetime.date(2026, 11, 3), "guardian_consent_method": "tertulis",
    "guardian_consent_by": "Ibu Sari Wulandari, ibu kandung",
}


def consented(record, by, **overrides):
    """The record with both parts of the consent recorded through its kind's service."""
    from conferences import services as conference_services
    from conferences.models import Conference
    from referrals import services as referral_services

    data = {**GIVEN, **overrides}
    if isinstance(record, Conference):
        return conference_services.conference_record_consent(conference=record, by=by, version=None, **data)
    return referral_services.referral_record_consent(referral=record, by=by, version=None, **data)
