"""居民诉求 — resident requests: board, intake, purchase list, figures; leaders read, planners and admins change."""

from coordpanel.ui import frame
from coordpanel.ui.views.services import page

frame.enter()
page.render("requests")
