"""Domain errors raised by services; the HTML views and the API map them to responses."""

from __future__ import annotations


class ServiceError(Exception):
    status = 400

    def __init__(self, message: str = "", errors: dict[str, list[str]] | None = None):
        super().__init__(message)
        self.message = message
        self.errors = errors or {}


class MalformedRequest(ServiceError):
    """A body that is not the JSON object the API expects: 400."""

    status = 400


class ValidationFailed(ServiceError):
    """Input that does not satisfy the entity's rules: 422 with field errors."""

    status = 422


class PermissionDenied(ServiceError):
    status = 403


class NotFound(ServiceError):
    status = 404


class Conflict(ServiceError):
    """A duplicate, or a record in a closed fiscal year: 409."""

    status = 409


class Duplicate(Conflict):
    """A record that already exists; `existing` lets the UI link to it."""

    def __init__(self, message: str, errors: dict[str, list[str]], existing: object):
        super().__init__(message, errors)
        self.existing = existing
