"""今日简报 — the morning brief leaders send upwards: figures first, then changes, gaps and tomorrow's roster; a print
view, the PDF, the text for the chat group, and the district's one line per compound.

The page script pages/brief.py calls render(); its data comes from data.py beside this module. Every name and other
user text reaches Streamlit escaped (ui.plain, ui.bullets) or as plain text (st.code, st.dataframe)."""

import datetime as dt

import streamlit as st

from coordpanel import ui
from coordpanel.brief import figures, text
from coordpanel.core.errors import Refused
from coordpanel.ui.views.brief import data

METRIC_WIDTH = 168  # two figures a row on a 390 px phone, as on the overview
DAY_KEY, PRINT_KEY, DISTRICT_KEY = "brief_day", "brief_print", "brief_district"


def render() -> None:
    user = ui.require("read")
    t, lang = ui.t, ui.lang()
    with st.container(horizontal=True, wrap=True, vertical_alignment="bottom"):
        day = st.date_input(t("brief.page.day"), value=ui.today().date(), min_value=figures.FIRST_DAY,
                            max_value=figures.LAST_DAY, format="YYYY-MM-DD", key=DAY_KEY, width=180)
        printing = st.toggle(t("brief.page.print"), key=PRINT_KEY, help=t("brief.page.print_help"))
    # printed, a folded sidebar is left out (Streamlit's own print style); back on screen, it opens as usual
    st.set_page_config(initial_sidebar_state="collapsed" if printing else "auto")
    try:
        page = data.brief_page(user, ui.compound_id(), figures.in_range(day or ui.today().date()), lang)
    except Refused as exc:
        ui.refused(exc)
        return
    st.title(ui.plain(page.title))
    st.caption(ui.plain(page.as_of))
    if printing:
        _printed(page)
        return
    _figures(page)
    _sections(page)
    _chat(page, lang)
    _district(user, page.brief.day, lang)


def _printed(page: data.BriefPage) -> None:
    """The brief alone, as the PDF has it: every section in full, nothing to click."""
    for section in page.sections:
        st.subheader(ui.plain(section.title))
        st.markdown(ui.bullets(section.lines))


def _figures(page: data.BriefPage) -> None:
    with st.container(horizontal=True, wrap=True):
        for metric in page.metrics:
            st.metric(ui.plain(metric.label), metric.value, delta=metric.delta, delta_color=metric.delta_color,
                      border=True, width=METRIC_WIDTH)


def _sections(page: data.BriefPage) -> None:
    """Changes since the day before and the gaps as lists; tomorrow's roster as a table."""
    for section in page.sections[1:3]:
        st.subheader(ui.plain(section.title))
        st.markdown(ui.bullets(section.lines))
    st.subheader(ui.plain(page.sections[3].title))
    if page.tomorrow.num_rows:
        st.dataframe(page.tomorrow, hide_index=True)
    else:
        st.caption(ui.plain(page.sections[3].lines[0]))


def _chat(page: data.BriefPage, lang: str) -> None:
    t, day = ui.t, page.brief.day
    with st.container(horizontal=True, wrap=True):
        st.download_button(t("brief.page.pdf"), lambda: data.pdf_bytes(page, lang), file_name=f"brief-{day}.pdf",
                           mime="application/pdf", on_click="ignore", icon=":material/picture_as_pdf:")
        st.download_button(t("brief.page.txt"), page.chat.encode(), file_name=f"brief-{day}.txt",
                           mime="text/plain", on_click="ignore", icon=":material/download:")
    st.subheader(t("brief.page.chat"), help=t("brief.page.chat_help"))
    st.code(page.chat, language=None, wrap_lines=True)
    st.caption(t("brief.page.chars", chars=page.chat_chars, chinese=page.chat_chinese, limit=text.MAX_CHINESE))
    if page.chat_chinese > text.MAX_CHINESE:
        st.warning(t("brief.page.over_limit", limit=text.MAX_CHINESE))


def _district(user, day: dt.date, lang: str) -> None:
    """The district's version, built only while its expander is open (one query over every compound)."""
    t = ui.t
    box = ui.lazy_expander(t("brief.page.district"), key=DISTRICT_KEY)
    with box:
        if box.open:
            title, lines = data.district_lines(user, day, lang)
            st.code(text.render_lines(title, list(lines)), language=None, wrap_lines=True)
            st.download_button(t("brief.page.district_pdf"), lambda: data.district_pdf(title, lines, lang),
                               file_name=f"district-brief-{day}.pdf", mime="application/pdf", on_click="ignore",
                               icon=":material/picture_as_pdf:")
