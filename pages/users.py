"""用户管理 — admins add users, change roles, reset passwords and stop accounts; every change is audited."""

from coordpanel.ui import frame
from coordpanel.ui.views.users import page

frame.enter()
page.render()
