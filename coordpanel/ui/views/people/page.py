"""人员 — the people directory: search and filter; admins add, edit and deactivate; phones masked by role.

The page script pages/people.py calls render(); each tab is a module beside this one (show(ctx)), and the data
comes from data.py."""

import streamlit as st

from coordpanel import ui
from coordpanel.ui.views.people import add_tab, data, directory_tab, edit_tab, import_tab

VIEW_KEY = "people_view"  # the session key of the open tab (tests and bench/pages.py open views through it)

TABS = {"directory": directory_tab, "add": add_tab, "edit": edit_tab, "import": import_tab}


def render() -> None:
    user = ui.require("read")
    t, lang = ui.t, ui.lang()
    compound = ui.compound_id()
    st.title(t("nav.people"))
    ui.flash()
    frame, translated = data.people_page(compound, user, ui.lang())  # one data version for both
    vocabulary = data.people_vocabulary(compound)
    ctx = data.Context(user, compound, lang, frame, translated, vocabulary, data.group_names(vocabulary, lang))

    names = {"directory": t("people.view.directory")}
    if user.can("edit_people"):
        names |= {"add": t("people.add"), "edit": t("people.edit"), "import": t("people_import.title")}
    shown, box = ui.lazy_tabs(VIEW_KEY, names)
    with box:
        TABS[shown].show(ctx)
