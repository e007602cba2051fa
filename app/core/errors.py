"""Domain exceptions, turned into form errors, flash messages or API statuses by views."""


class ServiceError(Exception):
    """A rule was broken by the input. `field` names the form field at fault, if any."""

    def __init__(self, message, field=None):
        super().__init__(message)
        self.message = message
        self.field = field


class TokenError(ServiceError):
    """A link token is unknown, expired, revoked or already used."""
