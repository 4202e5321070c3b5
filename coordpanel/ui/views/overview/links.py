"""Links from the overview's attention items to the pages where each is dealt with (st.page_link, by URL path)."""

from __future__ import annotations

import streamlit as st
from streamlit.errors import StreamlitPageNotFoundError

from coordpanel import ui
from coordpanel.overview.items import Item
from coordpanel.ui.frame import PAGES, ROOT


def show(user, found: list[Item]) -> None:
    """One link per page the items name (with the first item's query, e.g. ?show=overdue), in the items' order,
    only to pages the user may open. A page run on its own (outside the app's navigation: tests) knows no other
    page: the link is then left out rather than failing the page."""
    targets: dict[str, dict[str, str]] = {}
    for item in found:
        if item.page and item.page not in targets:
            targets[item.page] = item.query
    if not targets:
        return
    with st.container(horizontal=True, wrap=True):
        for url, query in targets.items():
            spec = next((p for p in PAGES if p.url == url), None)
            if spec is None or not user.can(spec.right):
                continue
            try:
                st.page_link(str(ROOT / spec.script), label=ui.t("ov.link", page=ui.t(spec.title)), icon=spec.icon,
                             query_params=query or None)
            except StreamlitPageNotFoundError:
                continue
