"""Search terms stay out of URLs, and so out of the web server's and proxies' access logs, the
browser's history and the Referer header: a student's name or NIS typed into a list's search is
personal data (UU PDP), and those logs are kept and read outside the application.

Every list's search form is sent by POST. The terms are kept in the session under a short random
token, and the answer is a redirect to the list carrying only `?s=<token>` (post/redirect/get), so
reloading, going back and paging through the results work as with a plain link. A token lives
`TOKEN_SECONDS` and only on the list it was made for; an unknown or expired one shows the whole list,
without an error. Filters that name no one (a stage, a status, a counselor) may still come in the
query string, as the links of the home pages send them; the free-text terms (`FREE_TEXT`) never do.
"""

import secrets
import time

from django.http import HttpResponseRedirect, QueryDict

SESSION_KEY = "bkcase_searches"
TOKEN_PARAMETER = "s"
TOKEN_SECONDS = 60 * 60
KEPT = 10  # searches kept per session; the oldest goes first
FREE_TEXT = ("q", "nis")


def list_search(request, form_class, *, path=None, **form_kwargs):
    """The search form of a list view, and the response to send instead of the list (a redirect,
    after a search was sent) or None.

    POST: a valid search is kept and answered with the redirect; an invalid one comes back with its
    errors (its terms are in the request's body, not its URL). A list whose search, sent or kept, cannot
    be made shows no row (SearchForm.refused). GET: the form holds the kept search
    the token names, else the query string's filters without the free-text terms, else nothing.
    `path` is the list the token belongs to (default: this one; an export of the list names it)."""
    path = path or request.path
    if request.method == "POST":
        form = form_class(request.POST, **form_kwargs)
        if not form.is_valid():
            return form, None
        terms = {name: request.POST.getlist(name) for name in form.fields if any(request.POST.getlist(name))}
        if not terms:
            return form, HttpResponseRedirect(path)
        return form, HttpResponseRedirect(f"{path}?{TOKEN_PARAMETER}={_keep(request, terms, path)}")
    terms = _kept(request, request.GET.get(TOKEN_PARAMETER), path)
    if terms is None:
        terms = {name: request.GET.getlist(name) for name in request.GET
                 if name not in FREE_TEXT and name not in (TOKEN_PARAMETER, "page")}
    data = QueryDict(mutable=True)
    for name, values in terms.items():
        data.setlist(name, values)
    return form_class(data or None, **form_kwargs), None


def _keep(request, terms, path):
    now = time.time()
    searches = {
        token: search for token, search in request.session.get(SESSION_KEY, {}).items() if search["until"] > now
    }
    for token in sorted(searches, key=lambda t: searches[t]["until"])[: max(0, len(searches) - KEPT + 1)]:
        del searches[token]
    token = secrets.token_urlsafe(9)
    searches[token] = {"path": path, "terms": terms, "until": now + TOKEN_SECONDS}
    request.session[SESSION_KEY] = searches
    return token


def _kept(request, token, path):
    """The terms kept under `token` for this list, or None (no token, unknown, expired, another list's)."""
    if not token:
        return None
    search = request.session.get(SESSION_KEY, {}).get(token)
    if not search or search["path"] != path or search["until"] <= time.time():
        return None
    return search["terms"]
