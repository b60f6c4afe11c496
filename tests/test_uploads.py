"""Uploads (S30): the school's logo passes the checks of every upload (type by content, 10 MB, a name
of our making), only PNG or JPEG, and is stored re-encoded within 1,000 pixels; a replaced or
cleared upload (logo, expert's report) leaves the disk once the change is committed; files are
readable by the application's user only."""

import os
import stat
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image, PngImagePlugin

from bkcase.forms import SchoolForm
from bkcase.workflow import Stage
from referrals.models import CounselingFunction

from .referrals.conftest import walk_to

pytestmark = pytest.mark.s30

REFUSED = "Unggah gambar PNG atau JPEG."


def settings_post(school, **changes):
    """The school settings form as the operator's browser sends it back, with their changes."""
    form = SchoolForm(instance=school)
    data = {name: form[name].value() for name in form.fields if name != "logo"}
    data = {name: value for name, value in data.items() if value is not None}
    data.update(changes)
    return data


def png(width, height, name="logo.png", **info):
    image = Image.new("RGB", (width, height), (20, 83, 45))
    image.paste((250, 200, 0), (width // 4, height // 4, width // 2, height // 2))
    meta = PngImagePlugin.PngInfo()
    for key, value in info.items():
        meta.add_text(key, value)
    output = BytesIO()
    image.save(output, format="PNG", pnginfo=meta)
    return SimpleUploadedFile(name, output.getvalue(), content_type="image/png")


def jpeg(width, height, name="logo.jpg"):
    exif = Image.Exif()
    exif[0x010E] = "Foto rumah kepala sekolah"  # ImageDescription
    exif[0x0112] = 6  # Orientation: turn 90° clockwise to show
    output = BytesIO()
    Image.new("RGB", (width, height), (200, 30, 30)).save(output, format="JPEG", exif=exif)
    return SimpleUploadedFile(name, output.getvalue(), content_type="image/jpeg")


def upload_logo(client, school, file, **changes):
    school.refresh_from_db()
    return client.post(reverse("school_edit"), {**settings_post(school, **changes), "logo": file})


def stored(field_file):
    with field_file.open("rb") as handle:
        data = handle.read()
    return data, Image.open(BytesIO(data))


def test_a_large_png_logo_is_stored_at_most_1000_pixels_wide_without_its_metadata(school, cast, client_for):
    response = upload_logo(client_for("operator"), school, png(4000, 3000, Comment="dibuat di rumah Pak Budi"))

    assert response.status_code == 302
    school.refresh_from_db()
    data, image = stored(school.logo)
    assert image.format == "PNG" and image.size == (1000, 750)
    assert b"Pak Budi" not in data and b"tEXt" not in data
    assert school.logo.name.startswith("schools/logos/") and "logo" not in os.path.basename(school.logo.name)


def test_a_jpeg_logo_is_bounded_turned_upright_and_loses_its_exif(school, cast, client_for):
    upload_logo(client_for("operator"), school, jpeg(3000, 2000))

    school.refresh_from_db()
    data, image = stored(school.logo)
    assert image.format == "JPEG" and image.size == (667, 1000)  # upright, as the orientation said
    assert not image.getexif() and b"kepala sekolah" not in data


@pytest.mark.parametrize(
    "fake",
    [
        SimpleUploadedFile("logo.png", b"MZ\x90\x00 bukan gambar", content_type="image/png"),
        SimpleUploadedFile("logo.png", b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01"
                           b"\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;",
                           content_type="image/png"),
        SimpleUploadedFile("logo.pdf", b"%PDF-1.4\n% bukan gambar\n", content_type="image/png"),
    ],
    ids=["not-an-image", "gif-renamed-png", "pdf"],
)
def test_a_logo_that_is_not_a_png_or_jpeg_is_refused_with_the_input_kept(fake, school, cast, client_for):
    response = upload_logo(client_for("operator"), school, fake, city="Sleman")

    page = response.content.decode()
    assert response.status_code == 200
    assert REFUSED in page and 'value="Sleman"' in page
    school.refresh_from_db()
    assert not school.logo and school.city != "Sleman"


def test_a_logo_of_too_many_pixels_is_refused_before_it_is_decoded(school, cast, client_for):
    output = BytesIO()
    Image.new("1", (8000, 6000)).save(output, format="PNG")
    response = upload_logo(client_for("operator"), school, SimpleUploadedFile("logo.png", output.getvalue()))

    assert "Gambar memiliki terlalu banyak piksel" in response.content.decode()
    school.refresh_from_db()
    assert not school.logo


def test_a_logo_over_ten_megabytes_is_refused(school, cast, client_for):
    big = png(10, 10)
    big = SimpleUploadedFile("logo.png", big.read() + b"\0" * (10 * 1024 * 1024), content_type="image/png")
    response = upload_logo(client_for("operator"), school, big)

    assert "lebih besar dari 10 MB" in response.content.decode()
    school.refresh_from_db()
    assert not school.logo


def test_replacing_the_logo_deletes_the_old_file(school, cast, client_for, django_capture_on_commit_callbacks):
    client = client_for("operator")
    upload_logo(client, school, png(300, 300))
    school.refresh_from_db()
    old = school.logo.path
    assert os.path.exists(old)

    with django_capture_on_commit_callbacks(execute=True):
        assert upload_logo(client, school, png(200, 100, name="baru.png")).status_code == 302

    school.refresh_from_db()
    assert school.logo.path != old and os.path.exists(school.logo.path)
    assert not os.path.exists(old)


def test_clearing_the_logo_deletes_its_file(school, cast, client_for, django_capture_on_commit_callbacks):
    client = client_for("operator")
    upload_logo(client, school, png(300, 300))
    school.refresh_from_db()
    old = school.logo.path

    with django_capture_on_commit_callbacks(execute=True):
        school.refresh_from_db()
        response = client.post(reverse("school_edit"), settings_post(school, **{"logo-clear": "on"}))

    assert response.status_code == 302
    school.refresh_from_db()
    assert not school.logo and not os.path.exists(old)


def test_saving_other_settings_keeps_the_logo_and_its_file(school, cast, client_for, django_capture_on_commit_callbacks):
    client = client_for("operator")
    upload_logo(client, school, png(300, 300))
    school.refresh_from_db()
    kept = school.logo.name

    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(reverse("school_edit"), settings_post(school, city="Sleman")).status_code == 302

    school.refresh_from_db()
    assert school.city == "Sleman" and school.logo.name == kept and os.path.exists(school.logo.path)


def test_the_logo_is_served_inline_as_the_image_type_we_stored_never_sniffed(school, cast, client_for):
    upload_logo(client_for("operator"), school, png(300, 300))

    response = client_for("konselor").get(reverse("school_logo"))

    assert response.status_code == 200
    assert response["Content-Type"] == "image/png" and response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")
    assert client_for("orang_luar").get(reverse("school_logo")).status_code == 404  # another school's member


def pdf(text):
    return SimpleUploadedFile("laporan.pdf", b"%PDF-1.4\n% " + text.encode() + b"\n", content_type="application/pdf")


def upload_report(client, referral, file, **fields):
    referral.refresh_from_db()
    data = {"version": referral.version, **fields}
    if file is not None:
        data["expert_report_file"] = file
    return client.post(reverse("referrals:referral_edit", args=[referral.pk]), data)


@pytest.fixture
def evaluating(case, expert, konselor):
    from referrals import services

    referral = services.referral_create(
        case=case, by=konselor, expert=expert, problem_summary="Sulit tidur.",
        functions=[CounselingFunction.PENGENTASAN], outside_authority=True,
    )
    return walk_to(referral, konselor, Stage.EVALUASI)


def test_replacing_the_experts_report_deletes_the_old_file(evaluating, client_for, django_capture_on_commit_callbacks):
    client = client_for("konselor")
    upload_report(client, evaluating, pdf("laporan pertama"))
    evaluating.refresh_from_db()
    old = evaluating.expert_report_file.path
    assert os.path.exists(old)

    with django_capture_on_commit_callbacks(execute=True):
        assert upload_report(client, evaluating, pdf("laporan kedua")).status_code == 302

    evaluating.refresh_from_db()
    with evaluating.expert_report_file.open("rb") as handle:
        assert b"laporan kedua" in handle.read()
    assert not os.path.exists(old)


def test_clearing_the_experts_report_deletes_its_file(evaluating, client_for, django_capture_on_commit_callbacks):
    client = client_for("konselor")
    upload_report(client, evaluating, pdf("laporan pertama"))
    evaluating.refresh_from_db()
    old = evaluating.expert_report_file.path

    with django_capture_on_commit_callbacks(execute=True):
        upload_report(client, evaluating, None, **{"expert_report_file-clear": "on", "expert_report": "Dirujuk balik"})

    evaluating.refresh_from_db()
    assert not evaluating.expert_report_file and not os.path.exists(old)


def test_saving_the_evaluation_again_keeps_the_experts_report(evaluating, client_for, django_capture_on_commit_callbacks):
    client = client_for("konselor")
    upload_report(client, evaluating, pdf("laporan pertama"))
    evaluating.refresh_from_db()
    kept = evaluating.expert_report_file.name

    with django_capture_on_commit_callbacks(execute=True):
        assert upload_report(client, evaluating, None, client_account="Lebih tenang").status_code == 302

    evaluating.refresh_from_db()
    assert evaluating.client_account == "Lebih tenang"
    assert evaluating.expert_report_file.name == kept and os.path.exists(evaluating.expert_report_file.path)


def test_uploaded_files_are_readable_by_the_applications_user_only(evaluating, school, cast, client_for):
    upload_logo(client_for("operator"), school, png(300, 300))
    upload_report(client_for("konselor"), evaluating, pdf("laporan"))
    school.refresh_from_db()
    evaluating.refresh_from_db()

    for path in (school.logo.path, evaluating.expert_report_file.path):
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600, path
    report_folder = os.path.dirname(evaluating.expert_report_file.path)  # made for this referral's upload
    assert stat.S_IMODE(os.stat(report_folder).st_mode) == 0o700
