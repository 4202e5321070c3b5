"""我的账号 — change one's own password."""

from coordpanel.ui import frame
from coordpanel.ui.views.account import page

frame.enter()
page.render()
