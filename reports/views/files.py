"""A report's file asked for directly: sent at once when it is small, else the user is sent back to
the report's page to prepare it in the background (reports/jobs.py). One body for every report."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.cache import add_never_cache_headers
from django.utils.http import content_disposition_header

from bkcase.documents import pdf_response
from bkcase.exports import XLSX_CONTENT_TYPE

from .. import jobs


def file_response(built, format):
    """The file as an attachment that no cache keeps."""
    if format == "pdf":
        return pdf_response(built.content, built.filename, attachment=True)
    response = HttpResponse(built.content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, built.filename)
    add_never_cache_headers(response)
    return response


def file_or_background(request, *, count, make, format, page_url, too_large, audit):
    """`count` rows are too many for a direct download (jobs.needs_background): the user is sent to
    `page_url` with the message `too_large`. Otherwise the file `make()` returns (a jobs.Built) is
    audited with `audit(built)` and sent."""
    if jobs.needs_background(count):
        messages.info(request, too_large)
        return redirect(page_url)
    built = make()
    audit(built)
    return file_response(built, format)
