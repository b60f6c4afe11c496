from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation

from .access import current_membership


class MembershipMiddleware:
    """Attach the signed-in user's role in their school to the request (request.membership)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.membership = current_membership(request)
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
