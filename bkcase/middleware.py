import time

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.cache import patch_cache_control

from .access import answers_kept, current_membership


class MembershipMiddleware:
    """Attach the signed-in user's role in their school to the request (request.membership); what the
    request learns of who counsels which case, and the records its page reads for several of its parts, are
    kept for the rest of it (access.counseled_among, access.read_once)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.membership = current_membership(request)
        with answers_kept():
            return self.get_response(request)


class LanguageMiddleware(LocaleMiddleware):
    """Indonesian unless the user chose otherwise with the language switch.

    Many school computers run an English browser; the interface still speaks Indonesian until the
    user picks English (the choice is kept in the language cookie).
    """

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class NoStoreMiddleware:
    """Pages of signed-in users are never kept by browsers or proxies (S19)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, "user", None) is not None and request.user.is_authenticated:
            patch_cache_control(response, no_store=True, no_cache=True, private=True, max_age=0)
        return response


class SessionLimitsMiddleware:
    """A session lasts 12 hours at most, however active, and ends after SESSION_COOKIE_AGE idle (S16).

    The idle clock is kept by saving the session, which moves its expiry on: at most once a
    minute (SESSION_REFRESH_SECONDS), not on every request, so that reading a page does not write
    to the database. The idle limit is therefore exact to within that minute."""

    KEY = "bkcase_login_at"
    SEEN_KEY = "bkcase_seen_at"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            started = request.session.setdefault(self.KEY, now)
            if now - started > settings.SESSION_ABSOLUTE_SECONDS:
                logout(request)
                return redirect_to_login(request.get_full_path())
            if now - request.session.get(self.SEEN_KEY, 0) >= settings.SESSION_REFRESH_SECONDS:
                request.session[self.SEEN_KEY] = now  # saved by SessionMiddleware, with a new expiry
        return self.get_response(request)
