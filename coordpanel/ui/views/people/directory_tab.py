"""The people page's directory tab: search, filter chips, the table and its downloads."""

import streamlit as st

from coordpanel import people, ui
from coordpanel.core import exports, i18n
from coordpanel.core.vocab import STATUSES, TIERS
from coordpanel.ui.views.people import data

FACET_KINDS = ("tier", "group", "status", "building", "party")


def show(ctx: data.Context) -> None:
    t = ui.t
    facets = _facets(ctx)
    with st.container(horizontal=True, wrap=True):
        text = st.text_input(t("people.search"), width=220)
        chosen = st.multiselect(t("people.filter"), list(facets), format_func=facets.get, placeholder=t("people.filter_hint"),
                                width=520)
    picked = {kind: [value for k, value in chosen if k == kind] for kind in FACET_KINDS}
    shown = people.directory.search(ctx.frame, text, picked["tier"], picked["group"], picked["status"], bool(picked["party"]),
                                    picked["building"])
    table = data.shown_rows(ctx.frame, ctx.translated, shown)
    st.caption(t("people.count", n=len(shown)))
    st.dataframe(table, hide_index=True, placeholder="—")
    ui.downloads("people_export", [
        (t("cov.export.xlsx"), lambda: exports.to_xlsx({t("nav.people"): table.to_pandas()}), "people.xlsx", exports.XLSX_MIME),
        (t("cov.export.csv"), lambda: exports.to_csv(table.to_pandas()), "people.csv", "text/csv"),
    ])


def _facets(ctx: data.Context) -> dict[tuple, str]:
    """One multiselect of filter chips (tier, group, status, home building, party) instead of five widgets: chip → label."""
    def tr(key: str) -> str:
        return i18n.t(key, ctx.lang)

    facets = {("tier", c): f"{tr('cov.filter.tier')} · {tr(f'tier.{c}')}" for c in TIERS}
    facets |= {("group", code): f"{tr('cov.filter.group')} · {name}" for code, name in ctx.group_name.items()}
    facets |= {("status", s): f"{tr('people.status')} · {tr(f'person.{s}')}" for s in STATUSES}
    facets |= {("building", b): f"{tr('people.building')} · {b}" for b in ctx.vocabulary.buildings.values()}
    facets[("party", True)] = tr("cov.filter.party")
    return facets
