"""Password rules of our own, beside Django's (S17)."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def _letters_and_digits(text):
    return re.sub(r"[\W_]+", "", text.casefold())


class UsernameInPasswordValidator:
    """Refuses a password built from the username: the username itself, repeated, reversed or with
    digits or signs around it ("pwtestpwtest" for "pwtest"). Django's UserAttributeSimilarityValidator
    compares the whole password with the username, so a repeated one is far enough from it to pass.

    Case is ignored, and so are the signs between letters ("pw.test", "pw-test-2026"), on both
    sides. Usernames shorter than `min_length` are not checked: they would refuse too much."""

    def __init__(self, min_length=3):
        self.min_length = min_length

    def validate(self, password, user=None):
        username = _letters_and_digits(user.get_username() if user is not None else "")
        if len(username) < self.min_length:
            return
        candidates = (password.casefold(), _letters_and_digits(password))
        if any(form in text for text in candidates for form in (username, username[::-1])):
            raise ValidationError(self.message(), code="password_contains_username")

    def message(self):
        return _("The password must not contain the username, not even reversed or repeated.")

    def get_help_text(self):
        return self.message()
