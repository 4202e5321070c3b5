"""The users page's list tab: every account with its role, whether it is active, failed sign-ins and lockout."""

import streamlit as st

from coordpanel import ui
from coordpanel.ui.views.users import data


def show(ctx: data.Context) -> None:
    t = ui.t
    st.dataframe(
        ctx.table, hide_index=True,
        column_order=["username", "role", "gates", "active", "failed_attempts", "locked_until", "created_at"],
        column_config={"username": t("auth.username"), "role": t("users.role"), "gates": t("gl.column"),
                       "active": t("users.active"),
                       "failed_attempts": t("users.failed"), "locked_until": t("users.locked_until"),
                       "created_at": t("users.created")},
    )
