"""物资 — supplies: the stock (below minimum and running out first), receipts from donors, issues to a gate, a
building or a group, and the movements. Leaders read; planners and admins record receipts and issues.

The page script pages/supplies.py calls render(); each tab is a module beside this one (show(ctx)). A link may open
the stock on the items that need attention: /supplies?show=low."""

import streamlit as st

from coordpanel import ui
from coordpanel.ui.views.services.supplies import data, issue_tab, movements_tab, receipt_tab, stock_tab

VIEW_KEY = "supplies_view"  # the session key of the open tab
LOW_KEY = stock_tab.LOW_KEY

TABS = {"stock": stock_tab, "receipt": receipt_tab, "issue": issue_tab, "movements": movements_tab}


def render() -> None:
    user = ui.require("read")
    t, lang = ui.t, ui.lang()
    compound = ui.compound_id()
    st.title(t("svc.nav.supplies"))
    ui.flash()
    today = ui.today().date()
    frame, table = data.stock(compound, today, lang)
    ctx = data.Context(user, compound, lang, today, frame, table)
    names = {"stock": t("svc.sup.view_stock")}
    if user.can("edit_roster"):
        names |= {"receipt": t("svc.sup.view_receipt"), "issue": t("svc.sup.view_issue")}
    names["movements"] = t("svc.sup.view_movements")
    if st.query_params.get("show") == "low":  # a link from the overview: the stock, on what needs attention, once
        st.session_state[LOW_KEY] = True
        st.session_state[VIEW_KEY] = names["stock"]
        del st.query_params["show"]
    shown, box = ui.lazy_tabs(VIEW_KEY, names)
    with box:
        TABS[shown].show(ctx)
