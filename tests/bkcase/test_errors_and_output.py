"""Errors and output: a generic Indonesian error page, no case text in logs (S23); typed HTML stays text (S20)."""

import logging

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation
from django.views.defaults import server_error

from bkcase import services


@pytest.mark.s23
def test_a_server_error_shows_a_generic_page_in_indonesian(settings, db):
    assert settings.DEBUG is False
    with translation.override("id"):
        response = server_error(RequestFactory().get("/cases/1/"))
    page = response.content.decode()
    assert response.status_code == 500
    assert "Terjadi kesalahan" in page and "Traceback" not in page


@pytest.mark.s23
@pytest.mark.urls("tests.bkcase.failing_urls")
@pytest.mark.parametrize("language, text", [("id", "Terjadi kesalahan"), ("en", "Something went wrong")])
def test_a_failing_page_shows_the_generic_page_and_logs_no_student_data(client_for, student, caplog, language, text):
    client = client_for("konselor")
    client.raise_request_exception = False
    client.cookies["django_language"] = language
    with caplog.at_level(logging.ERROR):
        response = client.get("/buggy/")
    page = response.content.decode()
    assert response.status_code == 500 and text in page and "Traceback" not in page
    assert student.nis not in page and student.full_name not in page
    assert "IntegrityError" in caplog.text and "failing_urls.py" in caplog.text  # a developer can find the fault
    assert student.nis not in caplog.text and "already exists" not in caplog.text


@pytest.mark.s23
def test_refused_input_leaves_no_case_text_in_the_logs(client_for, case, caplog):
    secret = "Klien mengaku mengalami kekerasan di rumah"
    with caplog.at_level(logging.DEBUG):
        client_for("konselor").post(reverse("case_close", args=[case.pk]),
                                    {"closed_on": "bukan-tanggal", "closing_note": secret, "version": case.version})
        client_for("konselor_lain").post(reverse("case_edit", args=[case.pk]), {"description": secret})
    assert secret not in caplog.text
    assert case.description not in caplog.text


@pytest.mark.s20
def test_html_typed_into_a_field_is_shown_as_text(client_for, case, konselor):
    services.case_update(case=case, by=konselor, version=case.version, title="<script>alert('x')</script>",
                         description="<b>tebal</b><img src=x onerror=alert(1)>")
    page = client_for("konselor").get(reverse("case_detail", args=[case.pk])).content.decode()
    assert "<script>alert('x')</script>" not in page and "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    assert "<img src=x" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page
