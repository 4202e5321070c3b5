"""What the three resident-services pages share: running a change from a form or a button."""

from collections.abc import Callable

from coordpanel import ui
from coordpanel.core.errors import Refused


def run(action: Callable[[], object], message: Callable[[object], str]) -> None:
    """Runs a change; a refusal is shown in the user's language (nothing changed), a success reruns the page with the
    message (made from the change's result)."""
    try:
        result = action()
    except Refused as exc:
        ui.refused(exc)
    else:
        ui.saved(message(result))
