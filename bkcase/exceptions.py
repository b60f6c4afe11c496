"""Domain errors: raised by services, carrying a message the user can read."""


class DomainError(Exception):
    """A rule of the domain refused the action. `message` is translatable and user-facing."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


class NotAllowed(DomainError):
    """The user's role does not permit this action."""


class StaleEdit(DomainError):
    """Someone else saved the record since the user opened it."""
