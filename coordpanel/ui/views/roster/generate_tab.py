"""The roster's shift-creation tab: shifts made from each gate's templates over a span of days, and the templates."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from coordpanel import roster, ui
from coordpanel.core.errors import Refused
from coordpanel.ui.views.roster import data
from coordpanel.ui.views.roster.context import RosterContext


def show(ctx: RosterContext) -> None:
    t = ctx.t
    span = st.date_input(t("roster.generate_range"), value=(ctx.monday, ctx.monday + dt.timedelta(days=6)))
    if ctx.unsaved:
        st.warning(t("roster.save_first"))
    if st.button(t("roster.generate"), key="generate", type="primary", disabled=ctx.unsaved) and isinstance(span, tuple) and len(span) == 2:
        try:
            n = roster.templates.generate_shifts(ui.db(), ctx.user, ctx.compound, span[0], span[1])
        except Refused as exc:
            ui.refused(exc)
        else:
            ui.saved(t("roster.generated", n=n), *ctx.keys)
    st.subheader(t("roster.templates"))
    _templates_editor(ctx)


def _templates_editor(ctx: RosterContext) -> None:
    """Each gate's daily shifts (default three of 8 hours), edited as a grid and saved as a whole."""
    t, compound = ctx.t, ctx.compound
    gates, templates = data.gate_templates(compound)
    key = f"templates_{compound}"
    edited = ui.editor(templates, key, num_rows="dynamic", hide_index=True, column_config={
        "gate": st.column_config.SelectboxColumn(t("roster.col.gate"), options=list(gates.values()), required=True),
        "starts": st.column_config.TimeColumn(t("roster.col.start"), format="HH:mm", step=dt.timedelta(minutes=30), required=True),
        "hours": st.column_config.NumberColumn(t("roster.col.hours_long"), min_value=0.5, max_value=24, step=0.5, required=True),
        "required": st.column_config.NumberColumn(t("roster.col.required"), min_value=1, max_value=20, step=1, required=True),
    })
    if st.button(t("users.save"), key="save_templates"):
        by_name = {name: gid for gid, name in gates.items()}
        rows = [roster.templates.Template(by_name.get(r["gate"], -1), r["starts"], float(r["hours"]), int(r["required"]))
                for r in edited.dropna().to_dict("records")]
        try:
            n = roster.templates.save_templates(ui.db(), ctx.user, compound, rows)
        except Refused as exc:
            ui.refused(exc)
        else:
            ui.saved(t("roster.templates_saved", n=n), key)
