"""人员 — the people directory: search and filter; admins add, edit and deactivate; phones masked by role."""

from coordpanel.ui.views import people

people.render()
