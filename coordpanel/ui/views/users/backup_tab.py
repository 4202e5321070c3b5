"""The users page's backup tab: copy the database into a folder, by default one named for now under backups/."""

import datetime as dt

import streamlit as st

from coordpanel import ui
from coordpanel.core import backup
from coordpanel.core.errors import Refused
from coordpanel.ui.views.users import data


def show(ctx: data.Context) -> None:
    t = ui.t
    with st.form("backup"):
        st.caption(t("backup.help"))
        default = f"backups/{dt.datetime.now():%Y%m%d-%H%M%S}"
        folder = st.text_input(t("backup.folder"), value=default)
        if st.form_submit_button(t("backup.run")):
            try:
                written = backup.backup(ui.db(), folder.strip())
            except Refused as exc:
                ui.refused(exc)
            else:
                st.success(ui.plain(t("backup.done", folder=str(written))))
