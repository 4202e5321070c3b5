"""The users page's edit tab: change an account's role and a gate lead's gates, stop or restart it, set a new password,
lift a sign-in lock.

The account is picked outside the form, so the form opens with that account's values and a submit carries exactly
what the admin set; role, state and password are saved together or not at all (auth.update_user)."""

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
    names = [u["username"] for u in users]
    chosen = st.selectbox(t("users.pick"), names, key="edit_user_name")
    current = users[names.index(chosen)]
    with st.form("edit_user"):
        # keyed by the account, so that another account's leftover choices never stand in for this one's
        new_role = st.selectbox(t("users.role"), auth.ROLES, index=auth.ROLES.index(current["role"]),
                                format_func=data.role_name, key=f"edit_user_role:{chosen}")
        choices = data.gate_choices(ui.compound_id(), chosen)
        held = [g["id"] for g in auth.user_gates(ui.db(), chosen) if g["id"] in choices]
        gates = st.multiselect(t("gl.gates"), list(choices), default=held, format_func=choices.get,
                               help=t("gl.gates_help"), key=f"edit_user_gates:{chosen}")
        active = st.checkbox(t("users.active"), value=current["active"], key=f"edit_user_active:{chosen}")
        new_password = st.text_input(t("users.new_password"), type="password", autocomplete="new-password",
                                     key=f"edit_user_password:{chosen}")
        submitted = st.form_submit_button(t("users.save"))
    if submitted:
        try:
            # left empty, the password stays as it is
            auth.update_user(ui.db(), ctx.admin, chosen, new_role, active, new_password or None, gates=gates)
        except Refused as exc:
            ui.refused(exc)
        else:
            ui.saved(t("users.updated", username=chosen), f"edit_user_password:{chosen}")
    if current["locked_until"] is not None or current["failed_attempts"]:
        if st.button(t("users.unlock"), key=f"edit_user_unlock:{chosen}"):
            try:
                auth.unlock(ui.db(), ctx.admin, chosen)
            except Refused as exc:
                ui.refused(exc)
            else:
                ui.saved(t("users.unlocked", username=chosen))
