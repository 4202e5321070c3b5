"""我的账号 — the signed-in user changes their own password, proving the current one first."""

import streamlit as st

from coordpanel import ui
from coordpanel.core import auth
from coordpanel.core.errors import Refused
from coordpanel.ui.session import client_address


def render() -> None:
    user = ui.require("own_account")
    t = ui.t
    st.title(t("nav.account"))
    st.caption(t("auth.signed_in_as", username=ui.plain(user.username), role=t(f"role.{user.role}")))
    with st.form("password", clear_on_submit=True):
        st.subheader(t("account.change_password"))
        current = st.text_input(t("auth.current_password"), type="password", autocomplete="current-password")
        password = ui.new_password()
        if st.form_submit_button(t("users.save"), type="primary"):
            try:
                changed = auth.change_own_password(ui.db(), user, current, password(), source=client_address())
            except Refused as exc:
                ui.refused(exc)
            else:
                # this session goes on with the new credential version; the account's other sessions end
                ui.sign_in(changed)
                ui.written()
                st.success(t("account.changed"))
