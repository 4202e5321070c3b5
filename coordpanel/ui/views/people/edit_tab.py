"""The people page's edit tab: pick a person, change their fields, or deactivate them from today."""

import streamlit as st

from coordpanel import people, ui
from coordpanel.ui.views.people import data, person_form


def show(ctx: data.Context) -> None:
    t, frame = ui.t, ctx.frame
    chosen = st.selectbox(t("cov.col.person"), frame["id"].tolist(),
                          format_func=dict(zip(frame["id"], map(people.directory.label, frame["name"], frame["id"]), strict=True)).get)
    if chosen is not None:
        current = ui.db().records("people/full", id=int(chosen))[0]
        typed = person_form.submitted(ctx, f"edit_person_{chosen}", current)
        if typed:
            person_form.run(lambda: people.directory.edit(ui.db(), ctx.user, int(chosen), typed),
                            t("people.updated", name=typed.name))
        if current["status"] != "left" and st.button(t("people.deactivate"), key=f"deactivate_{chosen}"):
            person_form.run(lambda: people.directory.deactivate(ui.db(), ctx.user, int(chosen), ui.today().date(), None),
                            t("people.deactivated", name=current["name"]))
