"""Printed documents: an HTML template per document under templates/documents/, rendered by WeasyPrint.

Documents are official Indonesian letters, so they are always rendered in Indonesian, whatever the
language of the user's screen. They are built offline: the stylesheet comes from the project's
static folder and the school's logo from its file; nothing else is fetched (no network, no other
files), so text typed by a user can never make the renderer read something it should not.

The record kinds (referrals, conferences) build their context in their own `documents.py` and call
`render_pdf`; views wrap the bytes with `pdf_response`.
"""

import re
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import formats, translation
from django.utils.cache import add_never_cache_headers
from django.utils.http import content_disposition_header
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher

DOCUMENT_LANGUAGE = "id"


def static_dir():
    """The project's static folder, where the print stylesheet lives."""
    first = settings.STATICFILES_DIRS[0]
    return Path(first[1] if isinstance(first, tuple | list) else first).resolve()


def _file_url(path):
    url = Path(path).resolve().as_uri()
    return url if url.endswith("/") else f"{url}/"


class LocalFetcher(URLFetcher):
    """Fetches only local files under the static folder and MEDIA_ROOT (and data: URLs)."""

    def __init__(self):
        super().__init__(allowed_protocols={"file", "data"})
        self._roots = [static_dir(), Path(settings.MEDIA_ROOT).resolve()]

    def fetch(self, url, headers=None):
        if url.lower().startswith("file:"):
            path = Path(url2pathname(urlsplit(url).path)).resolve()
            if not any(path.is_relative_to(root) for root in self._roots):
                raise ValueError(f"Documents may not read {path}")
        return super().fetch(url, headers)


def render_html(template_name, context):
    """The document's HTML, rendered in Indonesian (auto-escaped like every Django template)."""
    with translation.override(DOCUMENT_LANGUAGE):
        return render_to_string(template_name, context)


STYLESHEET = Path("css") / "documents.css"


@lru_cache(maxsize=1)
def _print_setup(modified):
    """The print stylesheet, parsed once (again only when its file changes: `modified`), and the
    fonts, looked up once: what every document shares, as a running worker keeps it."""
    fonts = FontConfiguration()
    stylesheet = CSS(filename=str(static_dir() / STYLESHEET), url_fetcher=LocalFetcher(), font_config=fonts)
    return stylesheet, fonts


def render_pdf(template_name, context):
    """Render `template_name` with `context` to PDF bytes, in the print stylesheet."""
    html = render_html(template_name, context)
    stylesheet, fonts = _print_setup((static_dir() / STYLESHEET).stat().st_mtime_ns)
    with translation.override(DOCUMENT_LANGUAGE):
        document = HTML(string=html, base_url=_file_url(static_dir()), url_fetcher=LocalFetcher())
        return document.write_pdf(stylesheets=[stylesheet], font_config=fonts)


def pdf_response(content, filename, *, attachment=False):
    """An HTTP response carrying a PDF; never cached (the documents are confidential)."""
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(attachment, filename)
    response["X-Content-Type-Options"] = "nosniff"
    add_never_cache_headers(response)
    return response


def indonesian_date(value):
    """A date as Indonesian letters write it: "22 November 2026" ("" for no date)."""
    if not value:
        return ""
    with translation.override(DOCUMENT_LANGUAGE):
        return formats.date_format(value, "DATE_FORMAT")


def logo_url(school):
    """A file:// URL of the school's logo, or None when it has none (or the file is missing)."""
    if not school.logo:
        return None
    try:
        path = Path(school.logo.path)
    except (NotImplementedError, ValueError, AttributeError):
        return None
    return path.resolve().as_uri() if path.is_file() else None


def authority_lines(school):
    """The letterhead lines above the school name, upper case: one per line or per " / "."""
    parts = re.split(r"\r?\n|\s+/\s+", school.authority or "")
    return [part.strip().upper() for part in parts if part.strip()]


def letter_context(school, *, number, on, subject):
    """What every letter shares: letterhead, letter number, place and date, perihal."""
    date_text = indonesian_date(on)
    return {
        "school": school,
        "logo_url": logo_url(school),
        "authority_lines": authority_lines(school),
        "number": number or "",
        "on": on,
        "place": school.city,
        "date_text": date_text,
        "place_and_date": f"{school.city}, {date_text}" if date_text else school.city,
        "perihal": subject,
    }
