"""用户管理 — admins add users, change roles, reset passwords and stop accounts; every change is audited.

The page script pages/users.py calls render(); its data comes from data.py beside this module.
The list of accounts shows first; each form is a lazy tab that runs only when opened."""

import datetime as dt

import streamlit as st

from coordpanel import ui
from coordpanel.core import auth, backup
from coordpanel.core.errors import Refused
from coordpanel.ui.views.users import data

VIEW_KEY = "users_view"  # the session key of the open tab (tests and bench/pages.py open views through it)


def render() -> None:
    admin = ui.require("manage_users")
    t = ui.t
    st.title(t("nav.users"))
    ui.flash()

    def role_name(role: str) -> str:
        return t(f"role.{role}")

    users, table = data.user_list(admin)
    shown, box = ui.lazy_tabs(VIEW_KEY, {"list": t("users.view.list"), "add": t("users.add"), "edit": t("users.edit"),
                                         "backup": t("backup.title")})

    def user_list() -> None:
        st.dataframe(
            table, hide_index=True,
            column_order=["username", "role", "active", "failed_attempts", "locked_until", "created_at"],
            column_config={"username": t("auth.username"), "role": t("users.role"), "active": t("users.active"),
                           "failed_attempts": t("users.failed"), "locked_until": t("users.locked_until"),
                           "created_at": t("users.created")},
        )

    def add_user() -> None:
        with st.form("add_user", clear_on_submit=True):
            username = st.text_input(t("auth.username"))
            role = st.selectbox(t("users.role"), auth.ROLES, format_func=role_name)
            password = ui.new_password()
            if st.form_submit_button(t("users.save"), type="primary"):
                try:
                    auth.create_user(ui.db(), admin, username.strip(), role, password())
                except Refused as exc:
                    ui.refused(exc)
                else:
                    ui.saved(t("users.added", username=username.strip()))

    def edit_user() -> None:
        if not users:
            st.info(t("users.none"))
            return
        with st.form("edit_user"):
            names = [u["username"] for u in users]
            chosen = st.selectbox(t("auth.username"), names)
            current = users[names.index(chosen)]
            new_role = st.selectbox(t("users.role"), auth.ROLES, index=auth.ROLES.index(current["role"]), format_func=role_name)
            active = st.checkbox(t("users.active"), value=current["active"])
            new_password = st.text_input(t("users.new_password"), type="password", autocomplete="new-password")
            if st.form_submit_button(t("users.save")):
                try:
                    auth.update_user(ui.db(), admin, chosen, new_role, active)
                    if new_password:
                        auth.set_password(ui.db(), admin, chosen, new_password)
                except Refused as exc:
                    ui.refused(exc)
                else:
                    ui.saved(t("users.updated", username=chosen))

    def backup_form() -> None:
        with st.form("backup"):
            st.caption(t("backup.help"))
            default = f"backups/{dt.datetime.now():%Y%m%d-%H%M%S}"
            folder = st.text_input(t("backup.folder"), value=default)
            if st.form_submit_button(t("backup.run")):
                try:
                    written = backup.backup(ui.db(), folder.strip())
                except Refused as exc:
                    ui.refused(exc)
                else:
                    st.success(ui.plain(t("backup.done", folder=str(written))))

    with box:
        {"list": user_list, "add": add_user, "edit": edit_user, "backup": backup_form}[shown]()
