"""The structure page's data: the tables, the comparison with the article and the sunburst, per data version."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
import pyarrow as pa

from coordpanel import overview, structure
from coordpanel.core import auth, charts, clock, i18n
from coordpanel.core.db import Database
from coordpanel.ui.cache import per_version
from coordpanel.ui.widgets import frozen


@dataclass(frozen=True)
class StructurePage:
    frames: dict
    comparisons: list
    sunburst: go.Figure


@dataclass(frozen=True)
class Context:
    """What render() hands the open tab: who is signed in, which compound, the language, and the page's data."""
    user: auth.User
    compound: int
    lang: str
    page: StructurePage


@per_version(maxsize=32)
def structure_page(db: Database, compound: int, lang: str) -> StructurePage:
    monday = clock.week_start(clock.today(db).date())
    frames = structure.tiers.load(db, compound, monday)
    facts = overview.figures.facts(overview.figures.load(db, compound))
    return StructurePage(frames, structure.tiers.compare(facts),
                         frozen(charts.structure_sunburst(structure.tiers.sunburst_nodes(frames["people"], lang))))


# Each tab's table as Arrow, built once per data version and language: a tab click then only sends it.
def _arrow(columns: dict) -> pa.Table:
    return pa.Table.from_pandas(pd.DataFrame(columns), preserve_index=False)


@per_version(maxsize=32)
def figures_table(db: Database, compound: int, lang: str) -> pa.Table:
    """Each of the article's figures beside the data's, and whether they match."""
    comparisons = structure_page(compound, lang).comparisons
    return _arrow({
        i18n.t("st.col.figure", lang): [i18n.t(f"st.fig.{c.figure}", lang) for c in comparisons],
        i18n.t("st.col.data", lang): [c.data for c in comparisons],
        i18n.t("st.col.article", lang): [c.article for c in comparisons],
        i18n.t("st.col.match", lang): [not c.differs for c in comparisons],
    })


@per_version(maxsize=32)
def counts_table(db: Database, compound: int, lang: str) -> pa.Table:
    """People and party members per tier, group and organisation."""
    people = structure_page(compound, lang).frames["people"]
    suffix = "en" if lang == "en" else "zh"
    return _arrow({
        i18n.t("ov.col.tier", lang): people[f"tier_{suffix}"], i18n.t("ov.col.group", lang): people[f"group_{suffix}"],
        i18n.t("st.col.organisation", lang): people["organisation_en" if lang == "en" else "organisation"],
        i18n.t("ov.col.people", lang): people["people"], i18n.t("ov.col.party", lang): people["party_members"],
    })


@per_version(maxsize=32)
def duty_tables(db: Database, compound: int, lang: str) -> tuple[pa.Table, pa.Table]:
    """(each tier at the gates this week: people, person-shifts, hours; each tier in the buildings: people, buildings)."""
    frames = structure_page(compound, lang).frames
    gates, served = frames["gates"], frames["buildings"]

    def tier(code: str) -> str:
        return i18n.t(f"tier.{code}", lang)

    return (_arrow({i18n.t("ov.col.tier", lang): gates["tier"].map(tier), i18n.t("ov.col.people", lang): gates["people"],
                    i18n.t("st.col.person_shifts", lang): gates["person_shifts"], i18n.t("st.col.hours", lang): gates["hours"]}),
            _arrow({i18n.t("ov.col.tier", lang): served["tier"].map(tier), i18n.t("ov.col.people", lang): served["people"],
                    i18n.t("st.col.buildings", lang): served["buildings"]}))


@per_version(maxsize=32)
def chat_table(db: Database, compound: int, lang: str, user: auth.User) -> pa.Table:
    """The grid chat groups, how many answer in each, and who, phones masked unless the user may see them."""
    groups = structure_page(compound, lang).frames["chat"]
    return _arrow({
        i18n.t("st.col.group_name", lang): groups["name"],
        i18n.t("ov.col.people", lang): groups["answering"],
        i18n.t("st.col.members", lang): [
            # a group with no one answering has no lists (None), shown as an empty cell
            "、".join(f"{n} {auth.shown_phone(user, p)}" for n, p in zip(names, phones, strict=True)) if names is not None else ""
            for names, phones in zip(groups["members"], groups["phones"], strict=True)
        ],
    })
