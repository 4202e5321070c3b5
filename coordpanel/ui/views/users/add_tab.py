"""The users page's add tab: a new account with a username, a role, a gate lead's gates and a password typed twice."""

import streamlit as st

from coordpanel import ui
from coordpanel.core import auth
from coordpanel.core.errors import Refused
from coordpanel.ui.views.users import data


def show(ctx: data.Context) -> None:
    t = ui.t
    with st.form("add_user", clear_on_submit=True):
        username = st.text_input(t("auth.username"))
        role = st.selectbox(t("users.role"), auth.ROLES, format_func=data.role_name)
        choices = data.gate_choices(ui.compound_id())
        gates = st.multiselect(t("gl.gates"), list(choices), format_func=choices.get, help=t("gl.gates_help"))
        password = ui.new_password()
        if st.form_submit_button(t("users.save"), type="primary"):
            try:
                auth.create_user(ui.db(), ctx.admin, username.strip(), role, password(), gates=gates)
            except Refused as exc:
                ui.refused(exc)
            else:
                ui.saved(t("users.added", username=username.strip()))
