"""The board's actions for planners and admins: assign one request (proposed assignees first), mark it done or not
doable with a reason; bulk: a building's new grocery requests to one buyer, a batch marked done."""

import pandas as pd
import streamlit as st

from coordpanel import ui
from coordpanel.services import requests
from coordpanel.ui.views.services.requests import data
from coordpanel.ui.widgets import run


def request_label(row, lang: str) -> str:
    """One request as a choice reads it (plain text: selectbox options are not Markdown)."""
    t = ui.t
    parts = [f"#{row.id}", f"{row.building} {row.unit or ''}".strip(), t(f"svc.kind.{row.kind}"), t(f"svc.status.{row.status}")]
    if row.overdue:
        parts.append(t("svc.req.show_overdue"))
    parts.append(str(row.description or "")[:40])
    return " · ".join(parts)


def _person_label(row, lang: str) -> str:
    t = ui.t
    parts = [str(row.name), str(row.group_en if lang == "en" else row.group_zh)]
    if row.serves_building:
        parts.append(t("svc.req.serves"))
    parts.append(t("svc.req.busy", n=int(row.in_progress)))
    return " · ".join(parts)


def pick_person(people: pd.DataFrame, lang: str, key: str):
    labels = {int(r.person_id): _person_label(r, lang) for r in people.itertuples()}
    return st.selectbox(ui.t("svc.req.assignee"), list(labels), format_func=labels.get, key=key)


def show(ctx: data.Context, frame: pd.DataFrame) -> None:
    st.subheader(ui.t("svc.req.act"), divider="gray")
    open_rows = frame[frame["status"].isin(requests.OPEN)]
    if open_rows.empty:
        st.info(ui.t("svc.req.no_open"))
    else:
        _one(ctx, open_rows)
    _bulk(ctx, frame)


def _one(ctx: data.Context, open_rows: pd.DataFrame) -> None:
    t, db = ui.t, ui.db()
    labels = {int(r.id): request_label(r, ctx.lang) for r in open_rows.itertuples()}
    chosen = st.selectbox(t("svc.req.pick"), list(labels), format_func=labels.get, key="requests_pick")
    if chosen is None:
        return
    row = open_rows[open_rows["id"] == chosen].iloc[0]
    people = data.proposals(ctx.compound, ctx.user, chosen)
    if people.empty:
        st.info(t("svc.req.no_assignees"))
    else:
        person = pick_person(people, ctx.lang, f"requests_assignee_{chosen}")
        name = people.set_index("person_id").loc[person, "name"] if person is not None else ""
        if st.button(t("svc.req.assign"), key="requests_assign", type="primary"):
            run(lambda: requests.assign(db, ctx.user, ctx.compound, chosen, person),
                lambda _: t("svc.req.assigned", id=chosen, name=name))
    if row["status"] == "in_progress" and st.button(t("svc.req.done"), key="requests_done"):
        run(lambda: requests.done(db, ctx.user, ctx.compound, chosen), lambda _: t("svc.req.marked_done", id=chosen))
    reason = st.text_input(t("svc.field.reason"), key=f"requests_reason_{chosen}", max_chars=1000)
    if st.button(t("svc.req.fail"), key="requests_fail"):
        run(lambda: requests.fail(db, ctx.user, ctx.compound, chosen, reason),
            lambda _: t("svc.req.marked_failed", id=chosen))


def _bulk(ctx: data.Context, frame: pd.DataFrame) -> None:
    t, db = ui.t, ui.db()
    box = ui.lazy_expander(t("svc.req.bulk"), key="requests_bulk")
    with box:
        if not box.open:
            return
        building = st.selectbox(t("svc.field.building"), list(ctx.buildings), format_func=ctx.buildings.get,
                                key="requests_bulk_building")
        buyers = data.buyers(ctx.compound, building) if building is not None else pd.DataFrame()
        if buyers.empty:
            st.info(t("svc.req.no_assignees"))
        else:
            buyer = pick_person(buyers, ctx.lang, "requests_bulk_buyer")
            name = buyers.set_index("person_id").loc[buyer, "name"] if buyer is not None else ""
            if st.button(t("svc.req.bulk_assign"), key="requests_bulk_assign"):
                run(lambda: requests.assign_building_groceries(db, ctx.user, ctx.compound, building, buyer),
                    lambda n: t("svc.req.bulk_assigned", n=n, building=ctx.buildings[building], name=name))
        busy = frame[frame["status"] == "in_progress"]
        labels = {int(r.id): request_label(r, ctx.lang) for r in busy.itertuples()}
        picked = st.multiselect(t("svc.req.bulk_done_pick"), list(labels), format_func=labels.get,
                                key="requests_bulk_done_pick")
        if st.button(t("svc.req.bulk_done"), key="requests_bulk_done"):
            run(lambda: requests.done_many(db, ctx.user, ctx.compound, picked),
                lambda n: t("svc.req.bulk_done_msg", n=n))
