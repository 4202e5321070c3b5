"""总览 — what needs attention first, then the figures and the pictures a leader reads at a glance."""

from coordpanel.ui import frame
from coordpanel.ui.views.overview import page

frame.enter()
page.render()
