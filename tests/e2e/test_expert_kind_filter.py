"""Choosing the kind of expert narrows the list of experts in the referral form (issue 11): a
mismatch can no longer be chosen, rather than be refused only after submitting. The server's check
stays (tests/referrals)."""

import pytest

from .conftest import assert_accessible
from .test_roles import login

pytestmark = pytest.mark.e2e

CHOOSABLE = """() => [...document.querySelectorAll('#id_expert option')]
  .filter(option => option.value && !option.hidden && !option.disabled)
  .map(option => option.getAttribute('data-kind'))"""


def test_choosing_the_kind_of_expert_narrows_the_list_of_experts(page, live_server, demo, axe):
    from bkcase.models import Case
    from referrals.models import Expert

    case = Case.objects.get(title="Bingung memilih jurusan kuliah")
    kinds = set(Expert.objects.filter(school=case.school).values_list("kind", flat=True))
    login(page, live_server, "konselor")
    page.goto(f"{live_server.url}/cases/{case.pk}/")
    page.get_by_role("link", name="Alihtangankan ke ahli").click()
    page.wait_for_load_state("load")  # the filter's script runs once the page has loaded

    page.get_by_label("Jenis ahli").select_option("psikolog")
    psychologists = page.evaluate(CHOOSABLE)
    assert psychologists and set(psychologists) == {"psikolog"}
    first_psychologist = page.locator("#id_expert option[data-kind=psikolog]").first.get_attribute("value")
    page.locator("#id_expert").select_option(first_psychologist)
    assert_accessible(axe, page)

    # Another kind: the psychologist chosen is let go, and only that kind's experts can be chosen.
    other = sorted(kinds - {"psikolog"})[0]
    page.get_by_label("Jenis ahli").select_option(other)
    assert page.locator("#id_expert").input_value() == ""
    assert set(page.evaluate(CHOOSABLE)) == {other}

    # Back to psychologists: they can be chosen again.
    page.get_by_label("Jenis ahli").select_option("psikolog")
    assert set(page.evaluate(CHOOSABLE)) == {"psikolog"}
    page.locator("#id_expert").select_option(first_psychologist)
    assert page.locator("#id_expert").input_value() == first_psychologist
