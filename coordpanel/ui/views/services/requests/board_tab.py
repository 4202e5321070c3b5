"""The requests page's board: by status, overdue first, filtered by status and building; planners act below it."""

import pandas as pd
import streamlit as st

from coordpanel import ui
from coordpanel.core import exports
from coordpanel.ui.views.services.requests import actions, data
from coordpanel.ui.views.services.requests.page_keys import SHOW_KEY


def show(ctx: data.Context) -> None:
    t = ui.t
    frame, table = data.board(ctx.compound, ctx.user, ctx.now, ctx.lang)
    labels = {"open": t("svc.req.show_open"), "overdue": t("svc.req.show_overdue"), "all": t("svc.req.show_all")}
    if st.session_state.get(SHOW_KEY) not in data.SHOWS:
        st.session_state[SHOW_KEY] = "open"
    with st.container(horizontal=True, wrap=True):
        show_what = st.segmented_control(t("svc.req.show"), list(data.SHOWS), key=SHOW_KEY, format_func=labels.get,
                                         required=True)
        places = {None: t("svc.req.building_all"), **ctx.buildings}
        building = st.selectbox(t("svc.col.building"), list(places), key="requests_building", width=200,
                                format_func=places.get)
    rows = data.shown(frame, table, show_what or "open", building)
    st.caption(t("svc.req.count", n=len(rows)))
    if rows.empty:
        st.info(t("svc.req.none"))
    else:
        st.dataframe(_marked(rows), hide_index=True, placeholder="—")
    ui.downloads("requests_export", [
        (t("cov.export.xlsx"), lambda: exports.to_xlsx({t("svc.export.requests"): rows}), "requests.xlsx",
         exports.XLSX_MIME),
        (t("cov.export.csv"), lambda: exports.to_csv(rows), "requests.csv", "text/csv"),
    ])
    if ctx.user.can("edit_roster"):
        actions.show(ctx, frame)


def _marked(rows: pd.DataFrame):
    """The overdue flag in red: a late request is seen before it is read."""
    overdue, yes = ui.t("svc.col.overdue"), ui.t("svc.col.yes")
    return rows.style.map(lambda v: "color: #d64545; font-weight: 600" if v == yes else "", subset=[overdue])
