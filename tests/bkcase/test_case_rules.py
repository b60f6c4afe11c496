"""What a case records beyond its problem: the student's part in a criminal matter and violence
handed over to the TPPK (R2); how a case closes with its referrals and conferences, and where each
case that must be referred stands on the counselor's home page (R16)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from bkcase import services
from bkcase.exceptions import DomainError
from bkcase.models import Case, Category, StudentPart
from bkcase.workflow import Action, perform
from conferences import services as conference_services
from referrals import services as referral_services
from referrals.models import Referral

from ..factories import CaseFactory, StudentFactory
from ..referrals.conftest import walk_to


def crime(counselor, part=""):
    return CaseFactory(counselor=counselor, category=Category.KRIMINALITAS, student_part=part)


def refer(case, by, expert):
    return referral_services.referral_create(case=case, by=by, expert=expert, problem_summary="Pendampingan",
                                             functions=["advokasi"])


def edit_data(case, **fields):
    return {"category": case.category, "title": case.title, "description": case.description,
            "opened_on": case.opened_on.isoformat(), "version": case.version, **fields}


# R2: the student's part ----------------------------------------------------------------------------


@pytest.mark.r2
@pytest.mark.parametrize("part", [StudentPart.KORBAN, StudentPart.SAKSI])
def test_a_victim_or_witness_is_referred_at_once_and_the_duty_to_report_stays_on_screen(client_for, konselor,
                                                                                        expert, part):
    case = crime(konselor, part)
    assert case.referral_blocked_reason() is None
    client = client_for("konselor")
    create_page = client.get(reverse("referrals:referral_create", args=[case.pk])).content.decode()
    assert "laporkan kepada pihak berwajib" in create_page and "Mulai ATK" in create_page
    referral = refer(case, konselor, expert)
    for url in (reverse("case_detail", args=[case.pk]), reverse("referrals:referral_detail", args=[referral.pk])):
        page = client.get(url).content.decode()
        assert "Perkara kriminal: laporkan kepada pihak berwajib." in page, url
        assert "Korban atau saksi dapat segera dialihtangankan" in page, url


@pytest.mark.r2
@pytest.mark.parametrize("part", [StudentPart.PELAKU, ""])
def test_an_alleged_offender_or_an_unrecorded_part_waits_for_the_authorities(konselor, expert, part):
    case = crime(konselor, part)
    with pytest.raises(ValidationError) as error:
        refer(case, konselor, expert)
    assert "terduga pelaku" in " ".join(error.value.messages)
    assert not Referral.objects.exists()
    case.authority_reported_on, case.authority_processed_on = datetime.date(2026, 11, 3), datetime.date(2026, 11, 5)
    case.save()
    assert refer(case, konselor, expert).case == case


@pytest.mark.r2
def test_the_part_is_recorded_on_the_case_form(client_for, student):
    client_for("konselor").post(reverse("case_create", args=[student.pk]), {
        "category": Category.KRIMINALITAS, "title": "Pemerasan", "description": "", "opened_on": "2026-11-10",
        "student_part": "korban",
    })
    case = Case.objects.get()
    assert case.student_part == StudentPart.KORBAN and case.referral_blocked_reason() is None


@pytest.mark.r2
def test_a_part_is_recorded_only_for_a_criminal_matter(konselor, case):
    with pytest.raises(ValidationError) as error:
        services.case_update(case=case, by=konselor, version=case.version, student_part=StudentPart.KORBAN)
    assert "student_part" in error.value.message_dict


@pytest.mark.r2
def test_a_referral_of_a_victim_may_leave_planning_while_the_matter_is_unprocessed(konselor, expert):
    referral = walk_to(refer(crime(konselor, StudentPart.KORBAN), konselor, expert), konselor, "pelaksanaan")
    assert referral.stage == "pelaksanaan"


# R2: violence and bullying go to the TPPK ----------------------------------------------------------


@pytest.mark.r2
def test_a_violence_case_shows_until_its_handover_to_the_tppk_is_recorded(client_for, konselor, student):
    client = client_for("konselor")
    client.post(reverse("case_create", args=[student.pk]), {
        "category": Category.SOSIAL, "title": "Perundungan di kelas", "description": "", "opened_on": "2026-11-10",
        "violence": "on",
    })
    case = Case.objects.get()
    page = client.get(reverse("case_detail", args=[case.pk])).content.decode()
    assert "Belum dicatat diserahkan kepada Tim Pencegahan dan Penanganan Kekerasan" in page
    response = client.post(reverse("case_edit", args=[case.pk]), edit_data(
        case, violence="on", tppk_handed_over_on="2026-11-12", tppk_received_by="Bu Ani, Ketua TPPK"))
    assert response.status_code == 302
    page = client.get(reverse("case_detail", args=[case.pk])).content.decode()
    assert "Diserahkan kepada TPPK pada 12 November 2026, diterima oleh Bu Ani, Ketua TPPK." in page


@pytest.mark.r2
@pytest.mark.parametrize("fields, field", [
    ({"violence": True, "tppk_handed_over_on": datetime.date(2026, 11, 12)}, "tppk_received_by"),
    ({"violence": True, "tppk_received_by": "Bu Ani"}, "tppk_received_by"),
    ({"tppk_handed_over_on": datetime.date(2026, 11, 12), "tppk_received_by": "Bu Ani"}, "tppk_handed_over_on"),
    ({"violence": True, "tppk_handed_over_on": datetime.date(2999, 1, 1), "tppk_received_by": "Bu Ani"},
     "tppk_handed_over_on"),
])
def test_a_handover_records_who_and_when_for_a_violence_case_only(konselor, case, fields, field):
    with pytest.raises(ValidationError) as error:
        services.case_update(case=case, by=konselor, version=case.version, **fields)
    assert field in error.value.message_dict


# R16: closing a case -------------------------------------------------------------------------------


def close(case, by, **fields):
    fields.setdefault("no_laijapan_reason", "Klien pindah sekolah; Laijapan tidak dapat dilaksanakan.")  # R13
    fields.setdefault("closed_on", datetime.date(2026, 11, 20))
    return services.case_close(case=case, by=by, version=None, closing_note="Klien pindah sekolah.", **fields)


@pytest.mark.r16
def test_a_must_refer_case_closed_without_any_referral_needs_a_written_reason(client_for, konselor, expert):
    case = CaseFactory(counselor=konselor, category=Category.PENYAKIT_MENTAL)
    cancelled = refer(case, konselor, expert)
    perform(cancelled, Action.CANCEL, by=konselor, note="Orang tua menolak.")  # a cancelled one is no referral
    with pytest.raises(ValidationError) as error:
        close(case, konselor)
    assert "no_referral_reason" in error.value.message_dict
    case.refresh_from_db()
    assert case.is_open
    client = client_for("konselor")
    assert 'name="no_referral_reason"' in client.get(reverse("case_close", args=[case.pk])).content.decode()
    client.post(reverse("case_close", args=[case.pk]), {
        "closed_on": "2026-11-20", "closing_note": "Klien pindah sekolah.", "version": case.version,
        "no_referral_reason": "Orang tua menolak rujukan; klien pindah ke sekolah lain.",
        "no_laijapan_reason": "Klien pindah sekolah.",
    })
    case.refresh_from_db()
    assert not case.is_open and case.no_referral_reason.startswith("Orang tua menolak rujukan")
    page = client.get(reverse("case_detail", args=[case.pk])).content.decode()
    assert "Ditutup tanpa alih tangan kasus karena" in page


@pytest.mark.r16
def test_a_case_closed_after_its_referral_needs_no_such_reason(konselor, expert):
    case = CaseFactory(counselor=konselor, category=Category.PENYAKIT_FISIK)
    walk_to(refer(case, konselor, expert), konselor, "selesai")
    closed = close(case, konselor)
    assert not closed.is_open and closed.no_referral_reason == ""


@pytest.mark.r16
def test_closing_over_an_open_referral_or_conference_names_them_and_needs_a_confirmation(client_for, konselor,
                                                                                        case, expert):
    referral = refer(case, konselor, expert)
    conference = conference_services.conference_create(case=case, by=konselor, topic="Sering membolos",
                                                       initiative="konselor", convener="kepala")
    with pytest.raises(DomainError) as error:
        close(case, konselor)
    assert referral.code in error.value.message and conference.code in error.value.message
    client = client_for("konselor")
    refused = client.post(reverse("case_close", args=[case.pk]), {
        "closed_on": "2026-11-20", "closing_note": "Tuntas", "version": case.version})
    page = refused.content.decode()
    assert refused.status_code == 400 and referral.code in page and conference.code in page
    case.refresh_from_db()
    assert case.is_open
    client.post(reverse("case_close", args=[case.pk]), {
        "closed_on": "2026-11-20", "closing_note": "Tuntas", "version": case.version, "confirm_open_records": "on",
        "no_laijapan_reason": "Klien pindah sekolah."})
    case.refresh_from_db()
    referral.refresh_from_db()
    assert not case.is_open and referral.is_open  # the referral stays open: it is its own record


@pytest.mark.r16
def test_a_case_cannot_be_closed_on_a_day_still_to_come(konselor, case):
    from django.utils import timezone

    with pytest.raises(ValidationError) as error:
        close(case, konselor, closed_on=timezone.localdate() + datetime.timedelta(days=1))
    assert "closed_on" in error.value.message_dict
    case.refresh_from_db()
    assert case.is_open


@pytest.mark.r16
def test_a_refused_close_names_everything_it_still_needs_at_once(konselor, expert):
    case = CaseFactory(counselor=konselor, category=Category.PENYAKIT_MENTAL)  # must be referred; never was
    conference = conference_services.conference_create(case=case, by=konselor, topic="Cemas berlebihan",
                                                       initiative="konselor", convener="kepala")
    with pytest.raises(ValidationError) as error:
        services.case_close(case=case, by=konselor, version=None, closed_on=None, closing_note="")
    refused = error.value.message_dict
    assert {"closing_note", "no_referral_reason", "confirm_open_records"} <= set(refused)
    assert conference.code in refused["confirm_open_records"][0]


# R16: the counselor's home page -----------------------------------------------------------------------


@pytest.mark.r16
def test_the_home_page_says_where_each_case_that_must_be_referred_stands(client_for, konselor, school, expert):
    def must_refer(title):
        return CaseFactory(counselor=konselor, category=Category.PENYAKIT_FISIK, title=title,
                           student=StudentFactory(school=school))

    untouched, under_way, done = must_refer("Belum"), must_refer("Sedang"), must_refer("Sudah")
    refer(under_way, konselor, expert)
    walk_to(refer(done, konselor, expert), konselor, "selesai")
    page = client_for("konselor").get(reverse("home")).content.decode()
    page = page[page.index('id="must-refer"'):]  # the section of cases that must be referred
    rows = {case.code: page.split(case.code, 1)[1].split("</tr>", 1)[0] for case in (untouched, under_way, done)}
    assert "belum dialihtangankan" in rows[untouched.code]
    assert "sedang dialihtangankan" in rows[under_way.code]
    assert "sudah dialihtangankan" in rows[done.code]
