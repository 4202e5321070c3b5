"""今日到岗 — today's shifts at the user's gates and the people on each."""

from coordpanel.ui import frame
from coordpanel.ui.views.attendance import page

frame.enter()
page.render()
