"""Text that a spreadsheet would run as a formula: neutralised on the way out of every export, restored on the way in.

OWASP's CSV-injection guidance: a text cell starting with = + - @, a tab or a carriage return is written with a leading
apostrophe, so Excel, WPS and LibreOffice show it as text. Reading a file back strips that one apostrophe again, so export →
import → export gives the same text. Text that already starts with apostrophes before such a character gets one more, so
restoring is exact for every text."""

from __future__ import annotations

import re
from typing import Any

TRIGGERS = "=+-@\t\r"
# One or more apostrophes, then a trigger: text that restore() would shorten, so neutralise() must protect it too.
_QUOTED = re.compile(r"'+[" + re.escape(TRIGGERS) + "]")


def needs_quote(text: str) -> bool:
    """Whether a spreadsheet could take this text for a formula (or it looks like one we neutralised)."""
    return bool(text) and (text[0] in TRIGGERS or _QUOTED.match(text) is not None)


def neutralise(value: Any) -> Any:
    """A cell value safe to write to xlsx or CSV: formula-looking text gets a leading apostrophe; other values unchanged."""
    if isinstance(value, str) and needs_quote(value):
        return "'" + value
    return value


def restore(value: Any) -> Any:
    """The text before neutralise(): one leading apostrophe dropped where neutralise() added it."""
    if isinstance(value, str) and _QUOTED.match(value):
        return value[1:]
    return value
