"""门岗排班 — the week as gates × days × shifts, edited with every rule checked as you type, saved without losing work."""

from coordpanel.ui import frame
from coordpanel.ui.views.roster import page

frame.enter()
page.render()
