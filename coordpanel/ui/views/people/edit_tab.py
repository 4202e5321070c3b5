"""The people page's edit tab: pick a person, change their fields, or deactivate them from today.

A new tier or group that takes buildings out of coverage or leaves gate shifts short is shown with its consequences
first, and saved only when the admin confirms them."""

import streamlit as st

from coordpanel import people, ui
from coordpanel.core.errors import Refused
from coordpanel.ui.views.people import data, person_form


def show(ctx: data.Context) -> None:
    t, frame = ui.t, ctx.frame
    chosen = st.selectbox(t("cov.col.person"), frame["id"].tolist(),
                          format_func=dict(zip(frame["id"], map(people.directory.label, frame["name"], frame["id"]), strict=True)).get)
    if chosen is not None:
        current = ui.db().records("people/full", id=int(chosen))[0]
        pending = f"edit_person_pending_{chosen}"  # (what was typed, the consequences shown) awaiting a confirmation
        typed = person_form.submitted(ctx, f"edit_person_{chosen}", current)
        if typed:
            st.session_state.pop(pending, None)
            _save(ctx, int(chosen), typed, None, pending)
        if pending in st.session_state:
            _confirm(ctx, int(chosen), pending)
        if current["status"] != "left" and st.button(t("people.deactivate"), key=f"deactivate_{chosen}"):
            ui.run(lambda: people.directory.deactivate(ui.db(), ctx.user, int(chosen), ui.today().date(), None),
                            t("people.deactivated", name=current["name"]))


def _save(ctx: data.Context, person_id: int, typed, confirmed, pending: str) -> None:
    """Save the edit; consequences not yet confirmed are kept for _confirm to show (nothing was saved)."""
    try:
        people.directory.edit(ui.db(), ctx.user, person_id, typed, confirmed)
    except people.consequences.ConfirmationNeeded as exc:
        st.session_state[pending] = (typed, exc.consequences)
    except Refused as exc:
        ui.refused(exc)
    else:
        ui.saved(ui.t("people.updated", name=typed.name))


def _confirm(ctx: data.Context, person_id: int, pending: str) -> None:
    """The consequences of the typed change, and the choice: save anyway, or cancel."""
    t = ui.t
    typed, consequences = st.session_state[pending]
    st.warning(ui.bullets([t("people.confirm_needed", name=consequences.name), *consequences.lines(ctx.lang)]))
    with st.container(horizontal=True):
        go = st.button(t("people.confirm"), key=f"{pending}_confirm", type="primary")
        stop = st.button(t("people.cancel"), key=f"{pending}_cancel")
    if stop:
        del st.session_state[pending]
        st.rerun()
    if go:
        del st.session_state[pending]
        _save(ctx, person_id, typed, consequences, pending)  # saved: reruns with the message; refused: says why
        if pending in st.session_state:  # the consequences changed meanwhile: show the new ones
            st.rerun()
