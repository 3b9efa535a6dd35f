"""Wire conventions every API version shares: open models, JSON values and date-time text.

Booleans and whole numbers are read strictly everywhere (pydantic's StrictBool and StrictInt):
"yes" or "3" is not what the API sends, and reading it silently would hide exactly what a
support engineer looks for.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict

JsonValue = dict[str, Any] | list[Any] | str | int | float | bool | None


def _date_time_text(value: Any) -> Any:
    """The API writes times as ISO 8601 text; pydantic alone would read 1 or "1" as 1970."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError("should be an ISO 8601 date-time text")
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise ValueError("should be an ISO 8601 date-time text") from None
    try:  # a time at the calendar's very edge cannot be turned to UTC, which every page does
        parsed.astimezone(UTC)
    except (OverflowError, ValueError):
        raise ValueError("is out of the range of dates this app can show") from None
    return parsed


DateTimeText = Annotated[datetime, BeforeValidator(_date_time_text)]


class OpenModel(BaseModel):
    """Keeps unknown fields (readable through `model_extra`) instead of dropping them."""

    model_config = ConfigDict(extra="allow", frozen=True)
