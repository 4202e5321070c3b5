"""The sign-in page: a form, and the organisation's OIDC provider where .streamlit/secrets.toml configures one."""

from __future__ import annotations

import streamlit as st

from coordpanel.core import auth
from coordpanel.core.errors import Refused
from coordpanel.ui.session import client_address, db, ended_reason, sign_in, t, written
from coordpanel.ui.widgets import refused


def oidc_configured() -> bool:
    """True when .streamlit/secrets.toml configures an OIDC provider for st.login."""
    try:
        return "auth" in st.secrets and bool(st.secrets["auth"].get("client_id") or any(
            isinstance(v, dict) and v.get("client_id") for v in st.secrets["auth"].values()))
    except (FileNotFoundError, KeyError, AttributeError, st.errors.StreamlitSecretNotFoundError):
        return False


def login_page() -> None:
    """The only page before signing in."""
    st.title(t("auth.title"))
    reason = ended_reason()
    if reason:
        st.info(t(reason))
    if oidc_configured():
        if getattr(st.user, "is_logged_in", False):
            try:
                sign_in(auth.user_for_identity(db(), st.user.get("email") or ""))
                st.rerun()
            except Refused as exc:
                refused(exc)
        if st.button(t("auth.oidc")):
            st.login()
    with st.form("login"):
        username = st.text_input(t("auth.username"), autocomplete="username")
        password = st.text_input(t("auth.password"), type="password", autocomplete="current-password")
        submitted = st.form_submit_button(t("auth.submit"), type="primary")
    if submitted:
        try:
            sign_in(auth.authenticate(db(), username.strip(), password, source=client_address()))
        except Refused as exc:
            refused(exc)
        else:
            written()
            st.rerun()
