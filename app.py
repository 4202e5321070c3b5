"""The frame shared by every page: page config, language switch, compound switcher, navigation."""

import streamlit as st

from coordpanel import i18n, ui

st.set_page_config(page_title=i18n.t("app.title", ui.lang()), page_icon="🛡️", layout="wide")

with st.sidebar:
    st.segmented_control(
        i18n.t("app.language", ui.lang()), options=list(i18n.LANGUAGES), key="lang", default=i18n.DEFAULT,
        format_func=lambda code: "中文" if code == "zh" else "English", required=True,
    )
    known = ui.compounds()
    if len(known) > 1:
        st.selectbox(ui.t("app.compound"), [c["id"] for c in known], key="compound_id",
                     format_func={c["id"]: c["name"] for c in known}.get)

pages = [st.Page("pages/overview.py", title=ui.t("nav.overview"), icon="📊", url_path="overview", default=True)]
st.navigation(pages).run()
