"""物资 — supplies: stock, receipts, issues, movements; leaders read, planners and admins record."""

from coordpanel.ui import frame
from coordpanel.ui.views.services import page

frame.enter()
page.render("supplies")
