"""楼栋覆盖 — every building served by all three tiers; gaps first; planners change who serves and mark absences."""

from coordpanel.ui import frame
from coordpanel.ui.views.coverage import page

frame.enter()
page.render()
