"""我的账号 — the signed-in user changes their own password."""

import streamlit as st

from coordpanel import ui
from coordpanel.core import auth
from coordpanel.core.errors import Refused


def render() -> None:
    user = ui.require("read")
    t = ui.t
    st.title(t("nav.account"))
    st.caption(t("auth.signed_in_as", username=user.username, role=t(f"role.{user.role}")))
    with st.form("password", clear_on_submit=True):
        st.subheader(t("account.change_password"))
        password = ui.new_password()
        if st.form_submit_button(t("users.save"), type="primary"):
            try:
                auth.set_password(ui.db(), user, user.username, password())
            except Refused as exc:
                ui.refused(exc)
            else:
                ui.written()
                st.success(t("account.changed"))
