"""Typed API errors, each carrying one sentence a support engineer can act on."""

from __future__ import annotations

from dataclasses import dataclass, field


class ApiError(Exception):
    """Base of every failure to get a run. `message` is safe to show; `detail` is API text."""

    title = "Request failed"

    def __init__(
        self,
        message: str,
        *,
        status_code: int | None = None,
        detail: str | None = None,
        attempts: int = 1,
    ) -> None:
        super().__init__(message)
        self.reason = message
        self.status_code = status_code
        self.detail = detail
        self.attempts = attempts

    @property
    def message(self) -> str:
        """The sentence to show, saying how many attempts were made when there were retries."""
        if self.attempts > 1:
            return f"{self.reason} (Tried {self.attempts} times.)"
        return self.reason

    def __str__(self) -> str:
        return self.message


class InvalidIdError(ApiError):
    title = "Invalid ID"


class AuthenticationError(ApiError):
    title = "API key rejected"


class PermissionDeniedError(ApiError):
    title = "No access"


class NotFoundError(ApiError):
    title = "Run not found"


class BadRequestError(ApiError):
    title = "Request rejected"


class ConflictError(ApiError):
    title = "Conflict"


class RateLimitedError(ApiError):
    title = "Rate limited"

    def __init__(self, message: str, *, retry_after: float | None = None, **kwargs: object) -> None:
        super().__init__(message, **kwargs)  # type: ignore[arg-type]
        self.retry_after = retry_after


class ServerError(ApiError):
    title = "LlamaCloud server error"


class ApiConnectionError(ApiError):
    title = "Cannot reach LlamaCloud"


class ApiTimeoutError(ApiError):
    title = "LlamaCloud timed out"


@dataclass(frozen=True)
class InvalidBody:
    """A response body that is not a valid run: its text and what is wrong with it."""

    text: str
    problems: tuple[str, ...] = field(default_factory=tuple)


class InvalidResponseError(ApiError):
    title = "Unexpected answer from LlamaCloud"

    def __init__(self, message: str, *, body: InvalidBody, **kwargs: object) -> None:
        super().__init__(message, **kwargs)  # type: ignore[arg-type]
        self.body = body


class InvalidRunFileError(InvalidResponseError):
    """An uploaded file that is not a run: same problems list, no blame on the API."""

    title = "Not a valid run file"
