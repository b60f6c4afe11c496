"""Completing a conference's action item through the real stack. Two people completing the same
item: the second save is refused as stale, their input comes back, the first one's stays (S12)."""

import datetime
import re

import pytest
from django.urls import reverse

from bkcase.workflow import Stage
from conferences.models import ActionItem, ActionStatus, Conference

from .conftest import invite

STALE = "Orang lain menyimpan perubahan pada tindak lanjut ini"


@pytest.fixture
def item(conference, konselor):
    """An open action item of `konselor`'s conference, in its follow-up stage."""
    parent = invite(conference, konselor)
    Conference.objects.filter(pk=conference.pk).update(stage=Stage.TINDAK_LANJUT)
    return ActionItem.objects.create(conference=conference, responsible=parent, what="Mendampingi belajar di rumah",
                                     due_on=datetime.date(2026, 12, 15))


def completion_form(client, item):
    """What the page offers to complete the item: the fields of its form, as the browser sends them."""
    page = client.get(reverse("conferences:conference_detail", args=[item.conference_id])).content.decode()
    action = reverse("conferences:action_update", args=[item.conference_id, item.pk])
    form = re.search(rf'<form method="post" action="{re.escape(action)}".*?</form>', page, re.S).group(0)
    return dict(re.findall(r'<input type="hidden" name="(status|version)" value="([^"]*)"', form))


@pytest.mark.s12
def test_the_second_of_two_people_completing_an_action_item_is_refused_with_their_note_kept(client_for, item):
    counselor, coordinator = client_for("konselor"), client_for("koordinator")
    url = reverse("conferences:action_update", args=[item.conference_id, item.pk])
    seen_by_counselor, seen_by_coordinator = completion_form(counselor, item), completion_form(coordinator, item)

    first = counselor.post(url, {**seen_by_counselor, "completion_note": "Orang tua mendampingi tiap malam."})
    assert first.status_code == 302
    second = coordinator.post(url, {**seen_by_coordinator, "completion_note": "Catatan koordinator."})

    assert second.status_code == 400
    page = second.content.decode()
    assert STALE in page and 'value="Catatan koordinator."' in page
    item.refresh_from_db()
    assert item.status == ActionStatus.DONE and item.completion_note == "Orang tua mendampingi tiap malam."


@pytest.mark.s12
def test_an_action_item_is_completed_when_nobody_else_changed_it(client_for, item):
    client = client_for("konselor")
    url = reverse("conferences:action_update", args=[item.conference_id, item.pk])
    response = client.post(url, {**completion_form(client, item), "completion_note": "Selesai."})
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.status, item.completion_note, item.version) == (ActionStatus.DONE, "Selesai.", 2)
    assert item.completed_on is not None


@pytest.mark.s12
def test_completing_without_the_version_seen_saves_nothing(client_for, item):
    url = reverse("conferences:action_update", args=[item.conference_id, item.pk])
    response = client_for("konselor").post(url, {"status": "done", "completion_note": "Tanpa versi."})
    assert response.status_code == 400 and 'value="Tanpa versi."' in response.content.decode()
    item.refresh_from_db()
    assert item.status == ActionStatus.OPEN and item.completion_note == ""
