"""Each demo role logs in through the browser and sees its own home page, accessibly."""


import pytest

from .conftest import assert_accessible, follow

pytestmark = pytest.mark.e2e

PASSWORD = "rahasia-demo-2026"

HOME_HEADINGS = {
    "konselor": "Kasus yang saya tangani",
    "konselor2": "Kasus yang saya tangani",
    "koordinator": "Ringkasan sekolah",
    "kepala": "Beranda Kepala Sekolah",
    "peserta": "Undangan konferensi kasus saya",
    "operator": "Administrasi sekolah",
    "walikelas": "Meja guru",
}


def login(page, live_server, username):
    page.goto(f"{live_server.url}/")
    assert "/accounts/login/" in page.url
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    follow(page.get_by_role("button", name="Masuk"))


def test_each_demo_role_logs_in_and_sees_its_home_page(page, live_server, demo, axe):
    """One role after the other, each from a browser that holds no session (one demo school for all)."""
    for username, heading in HOME_HEADINGS.items():
        page.context.clear_cookies()
        try:
            page.goto(f"{live_server.url}/accounts/login/")
            assert_accessible(axe, page)
            login(page, live_server, username)
            page.get_by_role("heading", level=1, name=heading).wait_for()
            assert_accessible(axe, page)
        except Exception as error:
            raise AssertionError(f"{username}: {error}") from error


def test_counselor_finds_a_student_and_opens_a_case(page, live_server, demo, axe):
    login(page, live_server, "konselor")
    page.get_by_role("link", name="Siswa", exact=True).click()
    page.get_by_label("Cari").fill("Zaskia")
    page.get_by_role("button", name="Cari").click()
    follow(page.get_by_role("link", name="Zaskia Amelia"))
    assert_accessible(axe, page)
    page.get_by_role("link", name="Buka kasus").click()
    page.get_by_label("Kategori masalah").select_option("belajar")
    page.get_by_label("Masalah singkat").fill("Sering tertidur di kelas")
    assert_accessible(axe, page)
    page.get_by_role("button", name="Simpan").click()
    page.get_by_text("dibuka.").first.wait_for()
    assert "Sering tertidur di kelas" in page.content()
    assert_accessible(axe, page)


def test_another_counselors_case_is_not_found(page, live_server, demo):
    from bkcase.models import Case

    case = Case.objects.filter(counselor__user__username="konselor").first()
    login(page, live_server, "konselor2")
    response = page.goto(f"{live_server.url}/cases/{case.pk}/")
    assert response.status == 404
    assert case.title not in page.content()


MENU_ON_ONE_LINE = """() => {
  const bar = document.querySelector('nav.navbar'), row = bar.querySelector('.container');
  return {height: bar.getBoundingClientRect().height, fits: row.scrollWidth <= row.clientWidth};
}"""


def test_the_main_menu_keeps_to_one_line_on_desktop_screens_for_every_role(page, live_server, demo):
    """From 1200 px the menu is laid out in a row (below, behind the menu button): for every role it
    keeps to one line there and nothing of it is cut off at the right, the user's menu included."""
    crowded = []
    for username in HOME_HEADINGS:
        page.context.clear_cookies()
        login(page, live_server, username)
        page.get_by_role("heading", level=1, name=HOME_HEADINGS[username]).wait_for()
        for width in (1200, 1280, 1366, 1400, 1920):
            page.set_viewport_size({"width": width, "height": 800})
            menu = page.evaluate(MENU_ON_ONE_LINE)
            if menu["height"] > 70 or not menu["fits"]:
                crowded.append(f"{username} at {width} px: {menu}")
    assert not crowded, "\n".join(crowded)
