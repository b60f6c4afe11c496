"""The words and forms of the record pages (issue 11), read on the demo school's pages.

The follow-up of a conference asks the seed's questions (siapa, apa, kapan, di mana, teknik); a
form is left with "Kembali", and a record is cancelled by its name ("Batalkan ATK ini", "Batalkan
konferensi"), never with a bare "Batal"; each expert of the referral form carries its kind, for the
script that narrows the list to the kind chosen."""

import re

from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from bkcase.models import Case
from conferences.models import ActionItem, Conference
from referrals.models import Expert, Referral


def page_of(username, url):
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def column_headings(page, table_heading):
    """The column headings of the table that follows a heading with this text."""
    section = page[page.index(table_heading):]
    thead = section[section.index("<thead>"):section.index("</thead>")]
    return [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<th[^>]*>(.*?)</th>", thead)]


def test_the_follow_up_of_a_conference_asks_who_what_when_where_and_how(demo):
    item = ActionItem.objects.filter(conference__case__counselor__user__username="konselor").first()
    page = page_of("konselor", reverse("conferences:conference_detail", args=[item.conference_id]))
    assert column_headings(page, "Tindak lanjut: siapa, apa, kapan")[:5] == ["Siapa", "Apa", "Kapan", "Di mana", "Teknik"]
    # the stage history keeps its own words: who made a change, and when
    assert column_headings(page, "Riwayat tahap")[:2] == ["Waktu", "Oleh"]


def test_a_referral_is_cancelled_by_its_name(demo):
    referral = Referral.objects.filter(case__counselor__user__username="konselor", stage="perencanaan").first()
    page = page_of("konselor", reverse("referrals:referral_detail", args=[referral.pk]))
    assert page.count("Batalkan ATK ini") == 2  # the fold that opens the form, and its button
    assert ">Batal<" not in page and ">Batalkan<" not in page


def test_a_conference_is_cancelled_by_its_name(demo):
    conference = Conference.objects.filter(case__counselor__user__username="konselor", stage="perencanaan").first()
    page = page_of("konselor", reverse("conferences:conference_detail", args=[conference.pk]))
    assert page.count("Batalkan konferensi") == 2
    assert ">Batal<" not in page and ">Batalkan<" not in page


def test_a_form_is_left_with_back(demo):
    case = Case.objects.filter(counselor__user__username="konselor", closed_on__isnull=True).first()
    for url in [
        reverse("referrals:referral_create", args=[case.pk]),
        reverse("conferences:conference_create", args=[case.pk]),
        reverse("case_edit", args=[case.pk]),
        reverse("student_edit", args=[case.student_id]),
    ]:
        page = page_of("konselor", url)
        assert re.search(r'<a class="btn btn-outline-secondary" href="[^"]+">Kembali</a>', page), url
        assert ">Batal<" not in page, url


def test_each_expert_of_the_referral_form_carries_its_kind_for_the_script_that_narrows_the_list(demo):
    case = Case.objects.filter(counselor__user__username="konselor", closed_on__isnull=True).first()
    page = page_of("konselor", reverse("referrals:referral_create", args=[case.pk]))
    select = re.search(r'<select name="expert"[^>]*>(.*?)</select>', page, re.S)
    assert 'data-kind-from="kind"' in select.group(0)
    options = re.findall(r'<option value="(\d+)"[^>]*data-kind="([a-z_]+)"', select.group(1))
    assert options and len(options) == select.group(1).count('<option value="') - 1  # all but "---------"
    for pk, kind in options:
        assert Expert.objects.get(pk=pk).kind == kind
    assert '<script src="/static/js/expert-kind-filter.js"></script>' in page


def test_the_contact_with_the_expert_is_recorded_above_the_planning_form_and_linked_from_what_is_missing(demo):
    referral = Referral.objects.filter(case__counselor__user__username="konselor", stage="perencanaan").first()
    page = page_of("konselor", reverse("referrals:referral_detail", args=[referral.pk]))
    card, stage_form = page.index('id="record-contact"'), page.index('id="stage-form-heading"')
    assert card < stage_form
    assert 'action="{}"'.format(reverse("referrals:referral_add_contact", args=[referral.pk])) in page[card:stage_form]
    missing = page[page.index("Masih kurang sebelum dapat maju"):]
    missing = missing[:missing.index("</div>")]
    assert ('<a class="alert-link" href="#record-contact">tanggapan positif dari ahli (kontak dengan jawaban '
            '&#x27;positif&#x27;)</a>') in missing
