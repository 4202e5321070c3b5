"""用户管理 — admins add users, change roles, reset passwords and stop accounts; every change is audited."""

from coordpanel.ui.views import users

users.render()
