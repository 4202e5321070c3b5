"""人员 — the people directory: search and filter; admins add, edit and deactivate; phones masked by role."""

from coordpanel.ui import frame
from coordpanel.ui.views.people import page

frame.enter()
page.render()
