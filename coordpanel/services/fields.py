"""Checking what a user typed into a services form: each refusal names the field, in the user's language."""


from __future__ import annotations

import datetime as dt
import decimal
import re
from typing import Any

from coordpanel.core.errors import Refused, Term

MAX_TEXT = 200  # characters of a short field (unit, item, donor)
MAX_LONG = 1000  # characters of what is needed, a note, a reason
MAX_COUNT = 1_000_000  # a daily count of people
MAX_QUANTITY = decimal.Decimal("9999999999.99")  # what DECIMAL(12, 2) holds

_SEP = r"[ \-]?"
_MOBILE = re.compile(r"(?:\+?86" + _SEP + r"|0086" + _SEP + r")?(1[3-9]\d)" + _SEP + r"(\d{4})" + _SEP + r"(\d{4})")
_LANDLINE = re.compile(r"(0\d{2,3})" + _SEP + r"(\d{3,4})" + _SEP + r"(\d{4})")


def field(name: str) -> Term:
    """A field's name as a refusal shows it (svc.field.<name>)."""
    return Term(f"svc.field.{name}")


def text(value: Any, name: str, *, required: bool = True, limit: int = MAX_TEXT) -> str | None:
    """Trimmed text; empty is None when optional and refused when required; too long is refused."""
    if value is not None and not isinstance(value, str):
        raise Refused("svc.bad_text", field=field(name))
    cleaned = (value or "").strip()
    if not cleaned:
        if required:
            raise Refused("svc.required", field=field(name))
        return None
    if len(cleaned) > limit:
        raise Refused("svc.too_long", field=field(name), limit=limit)
    if any(ord(ch) < 32 and ch not in "\t\n" for ch in cleaned):
        raise Refused("svc.bad_text", field=field(name))
    return cleaned


def choice(value: Any, name: str, allowed: tuple[str, ...]) -> str:
    if value is None or (isinstance(value, str) and not value.strip()):
        raise Refused("svc.required", field=field(name))
    if value not in allowed:
        raise Refused("svc.bad_choice", field=field(name), value=str(value)[:40])
    return value


def phone(value: Any, name: str = "contact") -> str:
    """A mobile number (11 digits, +86 and separators allowed) or a landline with its area code, stored as digits
    (a landline as area-number)."""
    cleaned = text(value, name, limit=40)
    if m := _MOBILE.fullmatch(cleaned):
        return "".join(m.groups())
    if m := _LANDLINE.fullmatch(cleaned):
        return f"{m.group(1)}-{m.group(2)}{m.group(3)}"
    raise Refused("svc.bad_phone", field=field(name))


def count(value: Any, name: str) -> int:
    """A whole number of people, 0 or more."""
    if value is None or (isinstance(value, str) and not value.strip()):
        raise Refused("svc.required", field=field(name))
    if isinstance(value, bool):
        raise Refused("svc.bad_count", field=field(name))
    try:
        number = decimal.Decimal(str(value).strip())
    except decimal.InvalidOperation:
        raise Refused("svc.bad_count", field=field(name)) from None
    if not number.is_finite() or number != number.to_integral_value() or not 0 <= number <= MAX_COUNT:
        raise Refused("svc.bad_count", field=field(name))
    return int(number)


def quantity(value: Any, name: str = "quantity", *, allow_zero: bool = False) -> decimal.Decimal:
    """A quantity above 0 (or 0 when allowed), at most two decimals, within what the database holds."""
    if value is None or (isinstance(value, str) and not value.strip()):
        raise Refused("svc.required", field=field(name))
    if isinstance(value, bool):
        raise Refused("svc.bad_quantity", field=field(name))
    try:
        number = decimal.Decimal(str(value).strip())
    except decimal.InvalidOperation:
        raise Refused("svc.bad_quantity", field=field(name)) from None
    if not number.is_finite():
        raise Refused("svc.bad_quantity", field=field(name))
    low_ok = number >= 0 if allow_zero else number > 0
    if not low_ok or number > MAX_QUANTITY or number != number.quantize(decimal.Decimal("0.01")):
        raise Refused("svc.bad_quantity", field=field(name))
    return number


def moment(value: Any, name: str, *, required: bool = True) -> dt.datetime | None:
    """A date and time (a datetime, or ISO text such as 2020-02-19 18:00); a date alone is its midnight."""
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise Refused("svc.required", field=field(name))
        return None
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None, microsecond=0)
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time())
    try:
        return dt.datetime.fromisoformat(str(value).strip()).replace(tzinfo=None, microsecond=0)
    except ValueError:
        raise Refused("svc.bad_time", field=field(name)) from None


def day(value: Any, name: str = "date") -> dt.date:
    """A calendar day (a date, or ISO text such as 2020-02-19)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        raise Refused("svc.required", field=field(name))
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise Refused("svc.bad_date", field=field(name)) from None


def not_after(when: dt.date, today: dt.date, name: str = "date") -> None:
    if when > today:
        raise Refused("svc.future_date", field=field(name), today=today.isoformat())


def identifier(value: Any, name: str) -> int:
    """A row id given by a form or the CLI."""
    if value is None or isinstance(value, bool):
        raise Refused("svc.required", field=field(name))
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise Refused("svc.bad_choice", field=field(name), value=str(value)[:40]) from None
    if number != value and str(number) != str(value).strip():
        raise Refused("svc.bad_choice", field=field(name), value=str(value)[:40])
    return number
