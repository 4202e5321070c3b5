"""The frame shared by every page: page config, language switch, sign-in, compound switcher, navigation by role."""

import streamlit as st

from coordpanel import ui
from coordpanel.core import i18n

# (file, title key, icon, url, the right a user needs to see it)
PAGES = [
    ("pages/overview.py", "nav.overview", ":material/dashboard:", "overview", "read"),
    ("pages/district.py", "nav.district", ":material/map:", "district", "read"),
    ("pages/coverage.py", "nav.coverage", ":material/apartment:", "coverage", "read"),
    ("pages/roster.py", "nav.roster", ":material/calendar_month:", "roster", "read"),
    ("pages/structure.py", "nav.structure", ":material/account_tree:", "structure", "read"),
    ("pages/people.py", "nav.people", ":material/badge:", "people", "read"),
    ("pages/audit.py", "nav.audit", ":material/history:", "audit", "see_audit"),
    ("pages/users.py", "nav.users", ":material/group:", "users", "manage_users"),
    ("pages/account.py", "nav.account", ":material/person:", "account", "read"),
]

st.set_page_config(page_title=i18n.t("app.title", ui.lang()), page_icon=":material/shield:", layout="wide")

with st.sidebar:
    st.segmented_control(
        i18n.t("app.language", ui.lang()), options=list(i18n.LANGUAGES), key="lang", default=i18n.DEFAULT,
        format_func=lambda code: "中文" if code == "zh" else "English", required=True,
    )

user = ui.current_user()
if user is None:
    # every page's address leads to the sign-in form (a link shared in a chat group is not "page not found"), and
    # after signing in the same address opens the page itself
    st.navigation([st.Page(ui.login_page, title=ui.t("nav.login"), icon=":material/login:", url_path="login", default=True)]
                  + [st.Page(ui.login_page, title=ui.t(title), url_path=url) for _, title, _, url, _ in PAGES],
                  position="hidden").run()
    st.stop()

with st.sidebar:
    st.caption(ui.t("auth.signed_in_as", username=user.username, role=ui.t(f"role.{user.role}")))
    if st.button(ui.t("auth.sign_out"), icon=":material/logout:"):
        ui.sign_out()
        st.rerun()
    known = ui.compounds()
    if len(known) > 1:
        # street first, then a compound of it: a district holds hundreds
        streets = sorted({c["street"] for c in known})
        street = st.selectbox(ui.t("app.street"), streets, key="street") if len(streets) > 1 else streets[0]
        here = [c for c in known if c["street"] == street]
        st.selectbox(ui.t("app.compound"), [c["id"] for c in here], key="compound_id",
                     format_func={c["id"]: f"{c['community']} · {c['name']}" for c in here}.get)

st.navigation([
    st.Page(path, title=ui.t(title), icon=icon, url_path=url, default=(url == "overview"))
    for path, title, icon, url, right in PAGES if user.can(right)
]).run()
