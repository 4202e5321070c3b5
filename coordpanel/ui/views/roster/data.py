"""The roster page's data: the saved week, the rules, the pictures; cached per data version and shared read-only."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
import pyarrow as pa

from coordpanel import roster
from coordpanel.core import charts, i18n
from coordpanel.core.db import Database
from coordpanel.core.i18n import day_label
from coordpanel.core.vocab import TIERS
from coordpanel.ui.cache import per_version
from coordpanel.ui.widgets import bullets, frozen


@per_version(maxsize=32)
def roster_week(db: Database, compound: int, monday: dt.date) -> roster.week.Week:
    """The week as saved, shared read-only: edits build new crews, never change this object."""
    return roster.week.load_week(db, compound, monday)


@per_version(maxsize=8)
def roster_rules(db: Database) -> roster.rules.Rules:
    return roster.week.load_rules(db)


@per_version(maxsize=16)
def gate_templates(db: Database, compound: int) -> tuple[dict[int, str], pd.DataFrame]:
    """(gate names by id, each gate's daily shifts as the template editor shows them); shared read-only."""
    gates = {g["id"]: g["name"] for g in db.records("roster/gates", compound_id=compound)}
    templates = db.df("roster/templates", compound_id=compound)[["gate", "starts", "hours", "required"]]
    templates["hours"] = templates["hours"].astype(float)
    return gates, templates


@per_version(maxsize=32)
def staffing_figure(db: Database, compound: int, monday: dt.date, lang: str) -> go.Figure:
    week = roster_week(compound, monday)
    names = {s: [week.people[p].name for p in crew if p in week.people] for s, crew in week.crews.items()}
    return frozen(charts.staffing_heatmap(week.shifts, lang, names))


@per_version(maxsize=32)
def timeline_figure(db: Database, compound: int, monday: dt.date, lang: str) -> go.Figure:
    """The saved week as a timeline, one row per person on duty."""
    week = roster_week(compound, monday)
    names = {p.id: p.name for p in week.people.values()}
    return frozen(charts.roster_timeline(week.shifts, week.crews, names, lang))


@dataclass(frozen=True)
class ReadBack:
    """What the editor reads back from the saved week's own grid: while nothing is edited, the same at every click.
    Callers check that `week` is theirs: a run may straddle a data version."""
    week: roster.week.Week
    crews: roster.week.Crews
    accepted: roster.week.Accepted


@per_version(maxsize=32)
def read_back(db: Database, compound: int, monday: dt.date, lang: str) -> ReadBack:
    week = roster_week(compound, monday)
    return ReadBack(week, *roster.grid.from_editor(week, roster.grid.editor_frame(week, lang)))


@per_version(maxsize=256)
def shift_history(db: Database, shift_id: int) -> pa.Table | None:
    """Who changed one shift's crew, newest first, as the editor shows it; None when nobody has."""
    history = roster.week.history(db, shift_id)
    return pa.Table.from_pandas(pd.DataFrame(history), preserve_index=False) if history else None


@dataclass(frozen=True)
class PersonWeek:
    lines: str  # the shifts as Markdown bullets, in large type (it reads on a phone)
    table: pa.Table  # the same shifts with hours and rest


@per_version(maxsize=64)
def person_week(db: Database, compound: int, monday: dt.date, person_id: int, lang: str) -> PersonWeek | None:
    """One person's saved week as the person tab shows it, None without shifts: built once, not at every click."""
    week = roster_week(compound, monday)
    mine = roster.grid.person_week(week, week.crews, person_id)
    if mine.empty:
        return None
    lines = bullets([f"{day_label(r.starts_at, lang)} {r.starts_at:%H:%M}–{r.ends_at:%H:%M} {r.gate}" for r in mine.itertuples()])
    return PersonWeek(lines, pa.Table.from_pandas(person_week_table(mine, lang), preserve_index=False))


@dataclass(frozen=True)
class Candidates:
    week: roster.week.Week  # the saved week they were ranked on
    ranked: list  # everyone for one shift: those who may take it first, then the others with why not
    table: pa.Table  # the first of those who may take it, as the panel shows them


@per_version(maxsize=256)
def saved_candidates(db: Database, compound: int, monday: dt.date, shift_id: int, lang: str) -> Candidates:
    """The candidates for one shift of the saved week while nothing is edited: ranked once, not at every click."""
    saved = read_back(compound, monday, lang)
    ranked = roster.candidates.candidates(saved.week, saved.crews, shift_id, roster_rules())
    return Candidates(saved.week, ranked, candidate_table(ranked, lang))


def candidate_table(ranked: list, lang: str) -> pa.Table:
    """The first 15 of those who may take the shift, with their hours this week and rest before it."""
    offered = [c for c in ranked if c.offered][:15]
    tiers = {code: i18n.t(f"tier.{code}", lang) for code in TIERS}
    return pa.Table.from_pandas(pd.DataFrame({
        i18n.t("roster.col.name", lang): [c.person.name for c in offered],
        i18n.t("roster.col.tier", lang): [tiers.get(c.person.tier, c.person.tier) for c in offered],
        i18n.t("roster.col.hours", lang): [round(c.hours_this_week, 1) for c in offered],
        i18n.t("roster.col.rest", lang): [None if c.rest_before is None else round(c.rest_before, 1) for c in offered],
    }), preserve_index=False)


def person_week_table(rows: pd.DataFrame, lang: str) -> pd.DataFrame:
    return pd.DataFrame({
        i18n.t("roster.col.gate", lang): rows["gate"],
        i18n.t("roster.col.start", lang): rows["starts_at"].map(lambda x: f"{x:%m-%d %H:%M}"),
        i18n.t("roster.col.end", lang): rows["ends_at"].map(lambda x: f"{x:%m-%d %H:%M}"),
        i18n.t("roster.col.hours", lang): rows["hours"],
        i18n.t("roster.col.rest", lang): rows["rest_before"].map(lambda x: None if pd.isna(x) else round(x, 1)),
    })
