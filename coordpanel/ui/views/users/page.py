"""用户管理 — admins add users, change roles, reset passwords and stop accounts; every change is audited.

The page script pages/users.py calls render(); each tab is a module beside this one (show(ctx)), and the data
comes from data.py. The list of accounts shows first; each form is a lazy tab that runs only when opened."""

import streamlit as st

from coordpanel import ui
from coordpanel.ui.views.users import add_tab, backup_tab, data, edit_tab, list_tab

VIEW_KEY = "users_view"  # the session key of the open tab (tests and bench/pages.py open views through it)

TABS = {"list": list_tab, "add": add_tab, "edit": edit_tab, "backup": backup_tab}


def render() -> None:
    admin = ui.require("manage_users")
    t = ui.t
    st.title(t("nav.users"))
    ui.flash()

    users, table = data.user_list(admin)
    ctx = data.Context(admin, users, table)
    shown, box = ui.lazy_tabs(VIEW_KEY, {"list": t("users.view.list"), "add": t("users.add"), "edit": t("users.edit"),
                                         "backup": t("backup.title")})
    with box:
        TABS[shown].show(ctx)
