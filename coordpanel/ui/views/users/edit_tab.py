"""The users page's edit tab: change an account's role, stop or restart it, and set a new password."""

import streamlit as st

from coordpanel import ui
from coordpanel.core import auth
from coordpanel.core.errors import Refused
from coordpanel.ui.views.users import data


def show(ctx: data.Context) -> None:
    t, users = ui.t, ctx.users
    if not users:
        st.info(t("users.none"))
        return
    with st.form("edit_user"):
        names = [u["username"] for u in users]
        chosen = st.selectbox(t("auth.username"), names)
        current = users[names.index(chosen)]
        new_role = st.selectbox(t("users.role"), auth.ROLES, index=auth.ROLES.index(current["role"]), format_func=data.role_name)
        active = st.checkbox(t("users.active"), value=current["active"])
        new_password = st.text_input(t("users.new_password"), type="password", autocomplete="new-password")
        if st.form_submit_button(t("users.save")):
            try:
                auth.update_user(ui.db(), ctx.admin, chosen, new_role, active)
                if new_password:  # left empty, the password stays as it is
                    auth.set_password(ui.db(), ctx.admin, chosen, new_password)
            except Refused as exc:
                ui.refused(exc)
            else:
                ui.saved(t("users.updated", username=chosen))
