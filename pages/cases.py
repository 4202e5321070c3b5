"""疫情记录 — the case log: trend, table, a day's entry and corrections; leaders read, planners and admins enter."""

from coordpanel.ui import frame
from coordpanel.ui.views.services import page

frame.enter()
page.render("cases")
