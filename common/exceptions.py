"""Domain errors. Services raise these (or Django's ValidationError); views and APIs render them."""

from __future__ import annotations

from typing import Any


class ApplicationError(Exception):
    """A business rule was broken. ``message`` is shown to the user as it is (already translated)."""

    def __init__(self, message: str, extra: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.extra = extra or {}
