"""How the 今日到岗 page runs a write: a refusal is shown where the user acted, a success reruns with a message."""

from __future__ import annotations

from collections.abc import Callable

from coordpanel import ui
from coordpanel.core.errors import Refused


def run(action: Callable[[], object], message: str) -> None:
    """Runs a write: a refusal is shown in words (nothing changed); a success reruns the page with the message."""
    try:
        action()
    except Refused as exc:
        ui.refused(exc)
    else:
        ui.saved(message)
