"""居民诉求 — resident requests: the board (overdue first) with assignment and bulk actions, intake, the day's
purchase list and the figures. Leaders read; planners and admins change.

The page script pages/requests.py calls render(); each tab is a module beside this one (show(ctx)). A link may open
the board on a filter: /requests?show=overdue (or open, all)."""

import streamlit as st

from coordpanel import ui
from coordpanel.ui.views.services.requests import board_tab, data, figures_tab, intake_tab, purchase_tab
from coordpanel.ui.views.services.requests.page_keys import SHOW_KEY, VIEW_KEY

TABS = {"board": board_tab, "intake": intake_tab, "purchase": purchase_tab, "figures": figures_tab}


def _preselect(names: dict[str, str]) -> None:
    """?show=… in the URL (a link from the overview) opens the board on that filter, once."""
    show = st.query_params.get("show")
    if show in data.SHOWS:
        st.session_state[SHOW_KEY] = show
        st.session_state[VIEW_KEY] = names["board"]
        del st.query_params["show"]


def render() -> None:
    user = ui.require("read")
    t, lang = ui.t, ui.lang()
    compound = ui.compound_id()
    st.title(t("svc.nav.requests"))
    ui.flash()
    now = ui.today().replace(second=0)  # to the minute: page data is cached by it (the real clock moves on)
    ctx = data.Context(user, compound, lang, now, data.buildings(compound))
    names = {"board": t("svc.req.view_board")}
    if user.can("edit_roster"):
        names["intake"] = t("svc.req.view_intake")
    names |= {"purchase": t("svc.req.view_purchase"), "figures": t("svc.req.view_figures")}
    _preselect(names)
    shown, box = ui.lazy_tabs(VIEW_KEY, names)
    with box:
        TABS[shown].show(ctx)
