"""Domain errors: raised by services, carrying a message the user can read."""

from functools import wraps

from django.core.exceptions import ValidationError


class DomainError(Exception):
    """A rule of the domain refused the action. `message` is translatable and user-facing."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


class NotAllowed(DomainError):
    """The user's role does not permit this action."""


class StaleEdit(DomainError):
    """Someone else saved the record since the user opened it."""


class Invalid(DomainError, ValidationError):
    """The data breaks a rule of the record (a field's check, a model's `clean()`): a domain error
    like every refusal, which still carries its messages per field for the form that shows them."""

    def __init__(self, error):
        ValidationError.__init__(self, error)
        self.message = " ".join(self.messages)

    def __reduce__(self):
        return Invalid, (ValidationError(self.message_dict if hasattr(self, "error_dict") else self.messages),)


def refuses_in_the_domain(service):
    """A service refuses in one way, the domain exception: a ValidationError from its checks or from
    `full_clean()` leaves it as `Invalid`."""

    @wraps(service)
    def refusing(*args, **kwargs):
        try:
            return service(*args, **kwargs)
        except Invalid:
            raise
        except ValidationError as error:
            raise Invalid(error) from error

    refusing.refuses_in_the_domain = True
    return refusing
