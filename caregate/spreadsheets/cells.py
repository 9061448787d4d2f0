"""Turning one cell's raw value (from Excel or CSV text) into the value a column stores.

Every function raises :class:`CellError` with a message that says what is
wrong and how to fix it; the caller adds the file, sheet, row and column.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from caregate.spreadsheets.problems import CellError
from caregate.spreadsheets.schema import Column, normalise

DATE_ORDERS = ("DMY", "MDY")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00)?)?$")
_NUMERIC_DATE = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2,4})$")
_TRUE = {"yes", "y", "true", "1", "x", "ja", "oui"}
_FALSE = {"no", "n", "false", "0", "nee", "non"}


def is_blank(raw: Any) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip())


def to_text(raw: Any) -> str:
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    if isinstance(raw, dt.datetime):
        return raw.isoformat(sep=" ")
    return " ".join(str(raw).split()) if isinstance(raw, str) else str(raw)


def to_integer(raw: Any) -> int:
    if isinstance(raw, bool):
        raise CellError(f"{raw!r} is not a whole number")
    if isinstance(raw, int):
        return raw
    if isinstance(raw, float):
        if raw.is_integer():
            return int(raw)
        raise CellError(f"{raw!r} is not a whole number")
    text = str(raw).strip()
    if re.fullmatch(r"[+-]?\d+", text):
        return int(text)
    raise CellError(f"{text!r} is not a whole number")


def to_decimal(raw: Any) -> Decimal:
    if isinstance(raw, bool):
        raise CellError(f"{raw!r} is not a number")
    if isinstance(raw, int | float):
        return Decimal(str(raw))
    text = str(raw).strip().replace(" ", "")
    if "," in text:
        # "1,5" and "1,500" mean different things in different countries: never guess.
        raise CellError(
            f"{text!r} has a comma; write numbers with a decimal point and no "
            "thousands separator (e.g. 1500.25)"
        )
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise CellError(f"{text!r} is not a number") from None
    if not value.is_finite():
        raise CellError(f"{text!r} is not a number")
    return value


def to_boolean(raw: Any) -> bool:
    if isinstance(raw, bool):
        return raw
    text = normalise(to_text(raw))
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise CellError(f"{to_text(raw)!r} is not yes or no")


def to_email(raw: Any) -> str:
    text = to_text(raw).strip()
    if not _is_email(text):
        raise CellError(f"{text!r} is not an e-mail address")
    return text


@functools.lru_cache(maxsize=65536)
def _is_email(text: str) -> bool:
    """Django's e-mail check, remembered: registers repeat a person's address on many rows."""
    try:
        validate_email(text)
    except ValidationError:
        return False
    return True


def _real_date(year: int, month: int, day: int, text: str) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise CellError(f"{text!r} is not a real date") from None


def to_date(raw: Any, date_order: str | None = None) -> dt.date:
    """A date from an Excel date cell, ISO text, or d/m/y text in the declared order.

    Text like 03/04/2026, where day and month could be either, is refused
    unless the uploader declared the order (DMY or MDY): never guessed.
    """
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        raise CellError(
            f"{to_text(raw)!r} is a number, not a date; format the cell as a date "
            "or write yyyy-mm-dd"
        )
    text = str(raw).strip()
    iso = _ISO_DATE.match(text)
    if iso:
        year, month, day = (int(part) for part in iso.groups())
        return _real_date(year, month, day, text)
    numeric = _NUMERIC_DATE.match(text)
    if not numeric:
        raise CellError(f"{text!r} is not a date; write yyyy-mm-dd")
    first, second, year_text = numeric.groups()
    if len(year_text) != 4:
        raise CellError(f"{text!r} has a two-digit year; write the year in full")
    first_number, second_number, year = int(first), int(second), int(year_text)
    if date_order == "DMY":
        return _real_date(year, second_number, first_number, text)
    if date_order == "MDY":
        return _real_date(year, first_number, second_number, text)
    if first_number <= 12 and second_number <= 12 and first_number != second_number:
        raise CellError(
            f"{text!r} could be day/month or month/day; declare the date order "
            "(DMY or MDY) or write yyyy-mm-dd"
        )
    if first_number > 12:  # only day/month/year can be meant
        return _real_date(year, second_number, first_number, text)
    return _real_date(year, first_number, second_number, text)


def to_choice(column: Column, raw: Any, index: dict) -> str:
    text = to_text(raw)
    choice = index.get(normalise(text))
    if choice is None:
        allowed = ", ".join(str(choice.label) for choice in column.choices or ())
        raise CellError(f"{text!r} is not an allowed value; use one of: {allowed}")
    return choice.value


def convert(column: Column, raw: Any, *, date_order=None, lookups=None, choice_index=None):
    """The stored value of one non-blank cell for this column."""
    kind = column.kind
    if kind == "text":
        return to_text(raw)
    if kind == "integer":
        return to_integer(raw)
    if kind == "decimal":
        return to_decimal(raw)
    if kind == "date":
        return to_date(raw, date_order)
    if kind == "boolean":
        return to_boolean(raw)
    if kind == "email":
        return to_email(raw)
    if kind == "choice":
        return to_choice(column, raw, choice_index or column.choice_index())
    return lookups.resolve(kind, to_text(raw))
