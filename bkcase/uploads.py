"""Checks for uploaded files (S22): PDF, JPEG or PNG by their content, at most 10 MB. Images that
reach a letter (the school's logo) are re-encoded within a bounded size, and a replaced or cleared
upload leaves the disk once the change is committed (S30)."""

import uuid
from io import BytesIO

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models.fields.files import FieldFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
SIGNATURES = {
    b"%PDF-": "application/pdf",
    b"\x89PNG\r\n\x1a\n": "image/png",
    b"\xff\xd8\xff": "image/jpeg",
}
EXTENSIONS = {"application/pdf": (".pdf",), "image/png": (".png",), "image/jpeg": (".jpg", ".jpeg")}


def sniff_type(uploaded):
    uploaded.seek(0)
    head = uploaded.read(16)
    uploaded.seek(0)
    for signature, content_type in SIGNATURES.items():
        if head.startswith(signature):
            return content_type
    return None


def validate_document_upload(uploaded):
    """Refuse anything that is not a PDF, JPEG or PNG of at most 10 MB."""
    if uploaded.size > MAX_UPLOAD_BYTES:
        raise ValidationError(_("The file is larger than 10 MB."))
    content_type = sniff_type(uploaded)
    if content_type is None or not uploaded.name.lower().endswith(EXTENSIONS[content_type]):
        raise ValidationError(_("Upload a PDF, JPEG or PNG file."))
    # stored under a name of our making: nothing of the uploader's file name reaches the disk
    uploaded.name = f"{uuid.uuid4().hex}{EXTENSIONS[content_type][0]}"
    return uploaded


# Images -----------------------------------------------------------------------------------------

IMAGE_FORMATS = {"image/png": ("PNG", ".png"), "image/jpeg": ("JPEG", ".jpg")}
MAX_IMAGE_SIDE = 1000  # pixels: a letterhead logo prints about 2.5 cm wide
MAX_IMAGE_PIXELS = 40_000_000  # refused before decoding: a 10 MB file can declare a huge canvas


def bounded_image(uploaded, *, max_side=MAX_IMAGE_SIDE):
    """A PNG or JPEG upload, checked like every upload (at most 10 MB, its type read from its
    content) and re-encoded by Pillow in the same format: at most `max_side` pixels wide and high
    (aspect kept, the EXIF orientation applied), with no metadata, under a name of our making.
    Returns the new file; anything else is refused with a ValidationError."""
    if uploaded.size > MAX_UPLOAD_BYTES:
        raise ValidationError(_("The file is larger than 10 MB."))
    content_type = sniff_type(uploaded)
    if content_type not in IMAGE_FORMATS:
        raise ValidationError(_("Upload a PNG or JPEG image."))
    pil_format, extension = IMAGE_FORMATS[content_type]
    output = BytesIO()
    try:
        uploaded.seek(0)
        with Image.open(uploaded, formats=[pil_format]) as image:
            if image.width * image.height > MAX_IMAGE_PIXELS:
                raise ValidationError(_("The image has too many pixels; use one of at most 40 megapixels."))
            image.draft("RGB", (max_side, max_side))  # a JPEG decodes straight at a fraction of its size
            bounded = ImageOps.exif_transpose(image)
            bounded.thumbnail((max_side, max_side))
            transparent = bounded.mode in ("RGBA", "LA", "PA") or "transparency" in bounded.info
            bounded = bounded.convert("RGBA" if transparent and pil_format == "PNG" else "RGB")
            bounded.info = {}  # no EXIF, text chunks or profiles carried over
            if pil_format == "PNG":
                bounded.save(output, format="PNG", optimize=True)
            else:
                bounded.save(output, format="JPEG", quality=90, optimize=True)
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as error:
        raise ValidationError(_("Upload a PNG or JPEG image.")) from error
    return ContentFile(output.getvalue(), name=f"{uuid.uuid4().hex}{extension}")


def is_new_upload(value):
    """True when a form's file value is a file just uploaded; False for nothing (None), a clearing
    (False or ""), or the file the record already holds (the form hands that back unchanged)."""
    return bool(value) and not isinstance(value, (str, FieldFile))


def delete_replaced_on_commit(field_file, old_name):
    """Once the transaction commits, delete the stored file `old_name` if `field_file` no longer
    names it (the upload was replaced or cleared). A rollback keeps it: the record still names it."""
    if old_name and field_file.name != old_name:
        storage = field_file.storage
        transaction.on_commit(lambda: storage.delete(old_name), robust=True)
