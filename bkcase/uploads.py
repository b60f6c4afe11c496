"""Checks for uploaded files (S22): PDF, JPEG or PNG by their content, at most 10 MB."""

import uuid

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

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
