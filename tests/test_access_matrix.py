"""The access matrix (S1–S4, S14): every URL pattern of the project, GET by every member of the cast,
against the status each one must get. A new URL pattern fails the completeness check until it is
added here with its expectations."""

import datetime

import pytest
from django.urls import reverse

from conferences import services as conference_services
from counseling import services as counseling_services
from intake import services as intake_services
from referrals import services as referral_services
from reports import jobs as report_jobs
from rosters import services as roster_services

from .bkcase.test_login_required import ALLOWED_ANONYMOUS, app_routes
from .consent import consented
from .factories import school_year
from .rosters.conftest import csv_bytes, student_row, upload

CAST = ["konselor", "konselor_lain", "koordinator", "kepala", "peserta", "operator", "orang_luar"]
ALL_OK = dict.fromkeys(CAST, 200)
POST_ONLY = dict.fromkeys(CAST, 405)


def expect(default, **overrides):
    return {who: overrides.get(who, default) for who in CAST}


# who may use a page at all (403 for the others: the page, not a record, is refused)
STAFF_PAGE = expect(200, peserta=403)
CASE_WORK = expect(403, konselor=200, konselor_lain=200, koordinator=200, orang_luar=200)
OPERATOR = expect(403, operator=200)
# a record of konselor's caseload: its counselor and the coordinator, 404 for everyone else
CASE_RECORD = expect(404, konselor=200, koordinator=200)
# a report job: its requester only; the others who read reports 404, the other roles 403
REPORT_JOB = expect(403, konselor=200, konselor_lain=404, koordinator=404, kepala=404, orang_luar=404)
# the roster import: the coordinator and the operator; an import is its uploader's only
ROSTER_PAGE = expect(403, koordinator=200, operator=200, orang_luar=200)
ROSTER_IMPORT = expect(403, koordinator=200, operator=404, orang_luar=404)


@pytest.fixture
def records(cast, case, expert, konselor):
    referral = referral_services.referral_create(case=case, by=konselor, expert=expert, problem_summary="x",
                                                 functions=["pemahaman"])
    conference = conference_services.conference_create(
        case=case, by=konselor, topic="Topik", initiative="konselor", convener="kepala",
    )
    conference = consented(conference, konselor)
    participant = conference_services.participant_add(
        conference=conference, by=konselor, group="a", role="orang_tua", name="Agus", account=cast["peserta"]
    )
    conference_services.participant_acknowledge(participant=participant, by=cast["peserta"])
    report_job = report_jobs.job_request(by=konselor, kind="atk_recap", format="pdf",
                                         data={"start": "2026-01-01", "end": "2026-12-31"})
    service = counseling_services.service_record(
        case=case, by=konselor, kind="kunjungan_rumah", held_on=datetime.date(2026, 11, 20), participants="Rina",
        purpose="Silaturahmi", notes="Rumah sederhana.", met_with="Ibu Wartini")
    school_year(case.school)
    bk_referral = intake_services.bk_referral_send(by=cast["walikelas"], student=case.student, observed="x",
                                                   observed_since=datetime.date(2026, 11, 2))
    roster_import = roster_services.roster_upload(by=cast["koordinator"],
                                                  uploaded_file=upload(csv_bytes([student_row(1)])))
    return {"case": case, "student": case.student, "expert": expert, "referral": referral, "report_job": report_job,
            "conference": conference, "participant": participant, "operator": cast["operator"], "service": service,
            "roster_import": roster_import, "bk_referral": bk_referral,
            "evaluation": service_evaluations(service).get()}  # the home visit's Laiseg (R13)


def service_evaluations(record):
    from django.contrib.contenttypes.models import ContentType

    from evaluations.models import Evaluation

    return Evaluation.objects.filter(record_type=ContentType.objects.get_for_model(record), record_id=record.pk)


def matrix(r):
    case, student, referral, conference, participant = (
        r["case"], r["student"], r["referral"], r["conference"], r["participant"]
    )
    c, p, s = conference.pk, participant.pk, r["service"].pk
    return {
        "home": (reverse("home"), ALL_OK),
        "switch_school": (reverse("switch_school"), POST_ONLY),
        "logout": (reverse("logout"), POST_ONLY),
        "password_change": (reverse("password_change"), ALL_OK),
        "password_change_done": (reverse("password_change_done"), ALL_OK),
        "my_email": (reverse("my_email"), ALL_OK),
        "email_confirm": (reverse("email_confirm", args=["not-a-token"]), ALL_OK),
        "role_decide": (reverse("role_decide", args=[r["operator"].pk, "confirm"]), POST_ONLY),
        "student_list": (reverse("student_list"), STAFF_PAGE),
        "student_create": (reverse("student_create"), expect(200, kepala=403, peserta=403)),
        "student_detail": (reverse("student_detail", args=[student.pk]), expect(200, peserta=404, orang_luar=404)),
        "student_edit": (reverse("student_edit", args=[student.pk]), expect(200, kepala=403, peserta=404, orang_luar=404)),
        "case_create": (reverse("case_create", args=[student.pk]),
                        expect(200, kepala=403, operator=403, peserta=404, orang_luar=404)),
        "case_list": (reverse("case_list"), CASE_WORK),
        "case_detail": (reverse("case_detail", args=[case.pk]), CASE_RECORD),
        "case_edit": (reverse("case_edit", args=[case.pk]), CASE_RECORD),
        "case_close": (reverse("case_close", args=[case.pk]), CASE_RECORD),
        "case_reopen": (reverse("case_reopen", args=[case.pk]), POST_ONLY),
        "classes": (reverse("classes"), expect(403, koordinator=200, orang_luar=200)),
        "school_year_create": (reverse("school_year_create"), POST_ONLY),
        "school_year_current": (reverse("school_year_current", args=[1]), POST_ONLY),
        "rosters:upload": (reverse("rosters:upload"), ROSTER_PAGE),
        "rosters:template": (reverse("rosters:template"), ROSTER_PAGE),
        "rosters:detail": (reverse("rosters:detail", args=[r["roster_import"].pk]), ROSTER_IMPORT),
        "rosters:status": (reverse("rosters:status", args=[r["roster_import"].pk]), ROSTER_IMPORT),
        "rosters:roll_over": (reverse("rosters:roll_over"), expect(403, koordinator=200, orang_luar=200)),
        "rosters:mapping": (reverse("rosters:mapping", args=[r["roster_import"].pk]), POST_ONLY),
        "rosters:apply": (reverse("rosters:apply", args=[r["roster_import"].pk]), POST_ONLY),
        # referrals to BK: the teacher's page (no teacher in the cast), the inbox; a referral of a student
        # without a class's counselor is the coordinator's
        "intake:mine": (reverse("intake:mine"), expect(403)),
        "intake:inbox": (reverse("intake:inbox"), CASE_WORK),
        "intake:detail": (reverse("intake:detail", args=[r["bk_referral"].pk]), expect(404, koordinator=200)),
        "intake:accept": (reverse("intake:accept", args=[r["bk_referral"].pk]), POST_ONLY),
        "intake:answer": (reverse("intake:answer", args=[r["bk_referral"].pk]), POST_ONLY),
        "access_log": (reverse("access_log"), expect(403, koordinator=200, kepala=200, orang_luar=200)),
        # without a search, back to the access log's form
        "access_log_csv": (reverse("access_log_csv"), expect(403, koordinator=302, kepala=302, orang_luar=302)),
        "account_log": (reverse("account_log"), expect(403, koordinator=200, kepala=200, orang_luar=200)),
        "school_edit": (reverse("school_edit"), OPERATOR),
        "school_logo": (reverse("school_logo"), expect(404)),
        "staff_list": (reverse("staff_list"), OPERATOR),
        "staff_create": (reverse("staff_create"), OPERATOR),
        "staff_edit": (reverse("staff_edit", args=[r["operator"].pk]), OPERATOR),
        "referrals:expert_list": (reverse("referrals:expert_list"), expect(200, peserta=403, operator=403)),
        "referrals:expert_create": (reverse("referrals:expert_create"), expect(403, koordinator=200, orang_luar=200)),
        "referrals:expert_detail": (reverse("referrals:expert_detail", args=[r["expert"].pk]),
                                    expect(200, peserta=404, operator=404, orang_luar=404)),
        "referrals:expert_edit": (reverse("referrals:expert_edit", args=[r["expert"].pk]),
                                  expect(403, koordinator=200, peserta=404, operator=404, orang_luar=404)),
        "referrals:referral_list": (reverse("referrals:referral_list"), CASE_WORK),
        "referrals:referral_create": (reverse("referrals:referral_create", args=[case.pk]), CASE_RECORD),
        "referrals:referral_detail": (reverse("referrals:referral_detail", args=[referral.pk]), CASE_RECORD),
        "referrals:referral_edit": (reverse("referrals:referral_edit", args=[referral.pk]), POST_ONLY),
        "referrals:referral_add_contact": (reverse("referrals:referral_add_contact", args=[referral.pk]), POST_ONLY),
        "referrals:referral_record_missed": (reverse("referrals:referral_record_missed", args=[referral.pk]), POST_ONLY),
        "referrals:referral_request_report": (reverse("referrals:referral_request_report", args=[referral.pk]),
                                              POST_ONLY),
        "referrals:referral_follow_up": (reverse("referrals:referral_follow_up", args=[referral.pk]), CASE_RECORD),
        "referrals:referral_report_file": (reverse("referrals:referral_report_file", args=[referral.pk]), expect(404)),
        # the letters are not ready yet: their people are sent back to the page with the reason
        "referrals:cover_letter": (reverse("referrals:cover_letter", args=[referral.pk]),
                                   expect(404, konselor=302, koordinator=302)),
        "referrals:report": (reverse("referrals:report", args=[referral.pk]), expect(404, konselor=302, koordinator=302)),
        "referrals:referral_consent": (reverse("referrals:referral_consent", args=[referral.pk]), POST_ONLY),
        "referrals:referral_consent_exception": (reverse("referrals:referral_consent_exception", args=[referral.pk]),
                                                 POST_ONLY),
        # no signed form was attached: nothing to download, for anyone
        "referrals:referral_consent_file": (reverse("referrals:referral_consent_file", args=[referral.pk]),
                                            expect(404)),
        "referrals:referral_consent_statement": (
            reverse("referrals:referral_consent_statement", args=[referral.pk, "siswa"]), CASE_RECORD),
        "consent_exception_noted": (reverse("consent_exception_noted", args=["referrals.referral", referral.pk]),
                                    POST_ONLY),
        "referrals:referral_transition": (reverse("referrals:referral_transition", args=[referral.pk, "advance"]),
                                          POST_ONLY),
        "conferences:conference_list": (reverse("conferences:conference_list"), expect(200, operator=403)),
        "conferences:conference_create": (reverse("conferences:conference_create", args=[case.pk]), CASE_RECORD),
        "conferences:invitation": (reverse("conferences:invitation", args=[p]), expect(404, peserta=200)),
        "conferences:conference_detail": (reverse("conferences:conference_detail", args=[c]),
                                          expect(404, konselor=200, koordinator=200, kepala=200, peserta=200)),
        "conferences:conference_edit": (reverse("conferences:conference_edit", args=[c]), POST_ONLY),
        "conferences:participant_add": (reverse("conferences:participant_add", args=[c]), POST_ONLY),
        "conferences:conference_consent": (reverse("conferences:conference_consent", args=[c]), POST_ONLY),
        "conferences:conference_consent_exception": (reverse("conferences:conference_consent_exception", args=[c]),
                                                     POST_ONLY),
        "conferences:conference_consent_statement": (
            reverse("conferences:conference_consent_statement", args=[c, "orang-tua"]), CASE_RECORD),
        "conferences:conference_consent_file": (reverse("conferences:conference_consent_file", args=[c]), expect(404)),
        "conferences:participant_update": (reverse("conferences:participant_update", args=[c, p]), POST_ONLY),
        "conferences:participant_remove": (reverse("conferences:participant_remove", args=[c, p]), POST_ONLY),
        "conferences:participant_signed": (reverse("conferences:participant_signed", args=[c, p]), POST_ONLY),
        "conferences:approval_request": (reverse("conferences:approval_request", args=[c]), POST_ONLY),
        "conferences:approval_decide": (reverse("conferences:approval_decide", args=[c, "approve"]), POST_ONLY),
        "conferences:information_add": (reverse("conferences:information_add", args=[c]), POST_ONLY),
        "conferences:action_add": (reverse("conferences:action_add", args=[c]), POST_ONLY),
        "conferences:action_update": (reverse("conferences:action_update", args=[c, 1]), POST_ONLY),
        # not approved yet: the organisers and the principal are sent back with the reason
        "conferences:document": (reverse("conferences:document", args=[c, "undangan"]),
                                 expect(404, konselor=302, koordinator=302, kepala=302, peserta=403)),
        "conferences:invitation_letter": (reverse("conferences:invitation_letter", args=[c, p]),
                                          expect(404, konselor=302, koordinator=302, kepala=302, peserta=403)),
        # no number to take: whoever prints the conference's documents gets the statement at once
        "conferences:confidentiality_statement": (reverse("conferences:confidentiality_statement", args=[c, p]),
                                                  expect(404, konselor=200, koordinator=200, kepala=200, peserta=403)),
        "conferences:conference_transition": (reverse("conferences:conference_transition", args=[c, "advance"]),
                                              POST_ONLY),
        # the counselor's entries (R12): the case's counselors only; this one is not shared with the coordinator
        "case_chronology_pdf": (reverse("case_chronology_pdf", args=[case.pk]), CASE_RECORD),
        "student_chronology": (reverse("student_chronology", args=[student.pk]), CASE_RECORD),
        "counseling:service_create": (reverse("counseling:service_create", args=[case.pk, "catatan"]),
                                      expect(404, konselor=200)),
        "counseling:service_detail": (reverse("counseling:service_detail", args=[s]), expect(404, konselor=200)),
        "counseling:service_edit": (reverse("counseling:service_edit", args=[s]), expect(404, konselor=200)),
        "counseling:service_follow_up": (reverse("counseling:service_follow_up", args=[s]), POST_ONLY),
        # no attachment: nothing to download, for anyone
        "counseling:service_attachment": (reverse("counseling:service_attachment", args=[s]), expect(404)),
        # not printed yet: its counselor is sent back to the page to print it
        "counseling:service_document": (reverse("counseling:service_document", args=[s, "berita_acara_kunjungan"]),
                                        expect(404, konselor=302)),
        # the follow-up evaluations (R13): the case's counselors only; the coordinator sees counts, not answers
        "evaluations:evaluation_detail": (reverse("evaluations:evaluation_detail", args=[r["evaluation"].pk]),
                                          expect(404, konselor=200)),
        "evaluations:evaluation_reschedule": (reverse("evaluations:evaluation_reschedule", args=[r["evaluation"].pk]),
                                              POST_ONLY),
        "evaluations:evaluation_missed": (reverse("evaluations:evaluation_missed", args=[r["evaluation"].pk]),
                                          POST_ONLY),
        "evaluations:services_end": (reverse("evaluations:services_end", args=[case.pk]), POST_ONLY),
        "evaluations:evaluation_settings": (reverse("evaluations:evaluation_settings"),
                                            expect(403, koordinator=200, orang_luar=200)),
        "evaluations:evaluation_report": (reverse("evaluations:evaluation_report"), CASE_WORK),
        # the reports area: the counselors, the coordinator and the principal; what each report holds is theirs
        "reports:index": (reverse("reports:index"), expect(403, konselor=200, konselor_lain=200, koordinator=200,
                                                            kepala=200, orang_luar=200)),
        # the quality signals' lists: the school's for the coordinator, a counselor's own caseload's
        "reports:signal_list": (reverse("reports:signal_list", args=["long-open"]), CASE_WORK),
        "reports:atk_recap": (reverse("reports:atk_recap"), CASE_WORK),
        "reports:atk_recap_pdf": (reverse("reports:atk_recap_pdf"), CASE_WORK),
        "reports:atk_recap_xlsx": (reverse("reports:atk_recap_xlsx"), CASE_WORK),
        "reports:conference_recap": (reverse("reports:conference_recap"), CASE_WORK),
        # the PDF is a numbered letter: asked for with a POST
        "reports:conference_recap_pdf": (reverse("reports:conference_recap_pdf"), CASE_WORK),
        "reports:conference_recap_xlsx": (reverse("reports:conference_recap_xlsx"), CASE_WORK),
        # a report job is its requester's alone; it is not ready yet, so the download sends them back
        "reports:job_create": (reverse("reports:job_create"), POST_ONLY),
        "reports:job": (reverse("reports:job", args=[r["report_job"].pk]), REPORT_JOB),
        "reports:job_status": (reverse("reports:job_status", args=[r["report_job"].pk]), REPORT_JOB),
        "reports:job_download": (reverse("reports:job_download", args=[r["report_job"].pk]),
                                 {**REPORT_JOB, "konselor": 302}),
        # the period report: the counselors (their caseload) and the coordinator (the school); counts only
        **{name: (reverse(name), expect(403, konselor=200, konselor_lain=200, koordinator=200, orang_luar=200))
           for name in ("reports:period", "reports:period_pdf", "reports:period_xlsx")},
        # the de-identified figures: the principal and the coordinator
        **{name: (reverse(name), expect(403, koordinator=200, kepala=200, orang_luar=200))
           for name in ("reports:figures", "reports:figures_pdf", "reports:figures_xlsx")},
    }


@pytest.mark.s1
@pytest.mark.s2
@pytest.mark.s3
@pytest.mark.s4
@pytest.mark.s14
def test_every_url_answers_every_member_of_the_cast_as_expected(client_for, records):
    table = matrix(records)
    names = {name for name, _ in app_routes() if name not in ALLOWED_ANONYMOUS}
    assert names - set(table) == set(), "add the new URL patterns to the access matrix"
    wrong = []
    for who in CAST:
        client = client_for(who)
        for name, (url, expected) in table.items():
            status = client.get(url).status_code
            if status != expected[who]:
                wrong.append(f"{who} GET {url} ({name}): {status}, expected {expected[who]}")
    assert wrong == []
    assert len(table) * len(CAST) >= 350
