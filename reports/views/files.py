"""A report's file asked for directly: sent at once when it is small, else the user is sent back to
the report's page to prepare it in the background (reports/jobs.py). One body for every report."""

from django.contrib import messages
from django.shortcuts import redirect

from bkcase.documents import pdf_response
from bkcase.exports import xlsx_response

from .. import jobs


def file_response(built, format):
    """The file as an attachment that no cache keeps."""
    if format == "pdf":
        return pdf_response(built.content, built.filename, attachment=True)
    return xlsx_response(built.content, built.filename)


def file_or_background(request, *, count, make, format, page_url, too_large, audit_type):
    """`count` rows are too many for a direct download (jobs.needs_background): the user is sent to
    `page_url` with the message `too_large`. Otherwise the file `make()` returns (a jobs.Built) is
    audited as an export of type `audit_type` (jobs.record_export, as its download from a background
    job would be) and sent."""
    if jobs.needs_background(count):
        messages.info(request, too_large)
        return redirect(page_url)
    built = make()
    jobs.record_export(by=request.membership, object_type=audit_type, filename=built.filename,
                       student_ids=built.student_ids)
    return file_response(built, format)
