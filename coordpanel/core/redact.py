"""Phone-like digits in free text (notes, reasons, audit entries), masked for readers who may not see phone numbers."""

from __future__ import annotations

import re

from coordpanel.core.auth import mask_phone

# A mainland mobile number (1[3-9] and nine more digits), also as offices write it: +86 / 0086 in front, spaces or
# hyphens between the groups (139 0000 1234, 139-0000-1234); or a landline with its area code (027-8765 4321).
# Digits glued to other digits are not a phone (an id, a count), and neither is a date (2020-02-19).
_SEP = r"[ \-]?"
PHONE_LIKE = re.compile(
    r"(?<![\d+])(?:(?:\+|00)86" + _SEP + r")?"
    r"(?:1[3-9]\d" + _SEP + r"\d{4}" + _SEP + r"\d{4}"
    r"|0\d{2,3}" + _SEP + r"\d{3,4}" + _SEP + r"\d{4})"
    r"(?!\d)"
)


def _masked(match: re.Match) -> str:
    digits = re.sub(r"\D", "", match.group())
    for prefix in ("0086", "86"):
        if len(digits) > 11 and digits.startswith(prefix):
            digits = digits[len(prefix):]
    return mask_phone(digits)


def mask_phones_in(text: str | None) -> str | None:
    """The text with every phone-like number masked as mask_phone masks a phone field (139****1234); other text,
    and None, unchanged."""
    if not isinstance(text, str):
        return text
    return PHONE_LIKE.sub(_masked, text)
