"""The coverage page's data and the tables it shows, built once per data version and language; shared read-only."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
import pyarrow as pa

from coordpanel import coverage
from coordpanel.core import auth, charts, i18n
from coordpanel.core.db import Database
from coordpanel.ui.cache import per_version
from coordpanel.ui.session import lang, t
from coordpanel.ui.widgets import frozen, plain


@dataclass(frozen=True)
class CoveragePage:
    coverage: pd.DataFrame
    assignments: pd.DataFrame
    assignment_records: list[dict]
    base: list[coverage.assignments.Assignment]
    people: list[dict]
    buildings: list[dict]
    heatmap: go.Figure
    volunteer_limit: int
    counts: dict[str, int]
    gap_lines: list[str]


@dataclass(frozen=True)
class Context:
    """What render() hands the open tab: who is signed in, which compound, the language, and the page's data."""
    user: auth.User
    compound: int
    lang: str
    page: CoveragePage


@per_version(maxsize=64)
def coverage_page(db: Database, compound: int, lang: str) -> CoveragePage:
    shown = db.df("coverage/by_building", compound_id=compound, day=None)
    assignments = db.df("coverage/assignments", compound_id=compound)
    records = assignments.to_dict("records")
    return CoveragePage(
        coverage=shown,
        assignments=assignments,
        assignment_records=records,
        base=[coverage.assignments.Assignment(r["building_id"], r["person_id"], r["role"]) for r in records],
        people=db.records("people/directory", compound_id=compound),
        buildings=db.records("buildings/list", compound_id=compound),
        heatmap=frozen(charts.coverage_heatmap(shown, lang)),
        volunteer_limit=coverage.assignments.volunteer_limit(db),
        counts={status: int(n) for status, n in shown["status"].value_counts().items()},
        gap_lines=coverage.assignments.gap_lines(shown[shown["status"] != "covered"], lang),
    )


@dataclass(frozen=True)
class CoverageViews:
    """The building table and the people table as one user may see them, with the assignment rows both were made
    from: a tab filters the people table by those rows, so all are of one data version. Each table also as Arrow,
    converted once for st.dataframe instead of at every click."""
    table: pd.DataFrame
    people: pd.DataFrame
    rows: pd.DataFrame
    table_arrow: pa.Table
    people_arrow: pa.Table

    def people_rows(self, shown: pd.DataFrame) -> pa.Table:
        """The people table's rows for `shown`, a filter of `rows`."""
        if len(shown) == len(self.rows):
            return self.people_arrow
        return self.people_arrow.take(self.rows.index.get_indexer(shown.index))


@per_version(maxsize=64)
def coverage_views(db: Database, compound: int, user: auth.User, language: str) -> CoverageViews:
    page = coverage_page(compound, language)
    table = coverage.assignments.table(page.coverage, page.assignments, language, user.can("see_phones"))
    people = people_view(page.assignments, user, language)
    return CoverageViews(table, people, page.assignments, pa.Table.from_pandas(table, preserve_index=False),
                         pa.Table.from_pandas(people, preserve_index=False))


def people_view(rows: pd.DataFrame, user: auth.User, language: str) -> pd.DataFrame:
    """Assignment rows as a table for reading: translated headers, phones masked unless the user may see them."""
    def tr(key: str) -> str:
        return i18n.t(key, language)

    group = "group_en" if language == "en" else "group_zh"
    return pd.DataFrame({
        tr("cov.col.building"): rows["building"],
        tr("cov.col.name"): rows["name"],
        tr("cov.col.tier"): rows["tier"].map(lambda c: tr(f"tier.{c}")),
        tr("cov.col.group"): rows[group],
        tr("cov.col.role"): rows["role"].map(lambda r: tr(f"cov.role.{r}")),
        tr("cov.col.party"): rows["party_member"],
        tr("cov.col.phone"): rows["phone"].map(lambda p: auth.shown_phone(user, p)),
        tr("cov.col.person_status"): rows["status"].map(lambda s: tr(f"person.{s}")),
    })


def group_name(rows: pd.DataFrame) -> Callable[[str], str]:
    names = dict(zip(rows["group_code"], rows["group_en" if lang() == "en" else "group_zh"], strict=False))
    return lambda code: names.get(code, code)


def chain_markdown(chain: dict[str, list[dict]], user: auth.User) -> str:
    """grid worker → property → volunteers → cadres, one line per tier; inactive people marked with their status."""
    lines = []
    for tier, members in chain.items():
        names = [
            plain(f"{p['name']} {auth.shown_phone(user, p['phone'])}".strip())
            + ("" if p["role"] == "primary" else f" ({t('cov.role.backup')})")
            + ("" if p["status"] == "active" else f" — **{t('person.' + p['status'])}**")
            for p in members
        ]
        lines.append(f"- **{t('tier.' + tier)}**: " + ("; ".join(names) if names else t("cov.chain.none")))
    return "\n".join(lines)


def editor_frame(base: list, people: dict[int, dict], codes: dict[int, str], language: str) -> pd.DataFrame:
    return pd.DataFrame(
        [{"building": codes.get(a.building_id, str(a.building_id)),
          "slot": i18n.t(f"tier.{people[a.person_id]['tier']}", language),
          "person": coverage.assignments.person_label(people[a.person_id]),
          "role": i18n.t(f"cov.role.{a.role}", language)} for a in base],
        columns=["building", "slot", "person", "role"],
    )


def assignment_diff(base: list, now: list, people: dict[int, dict], codes: dict[int, str]) -> list[str]:
    """What another save changed compared with what this planner started from, in words."""
    old = {a.key: a for a in base}
    new = {a.key: a for a in now}

    def name(key):
        return people.get(key[1], {}).get("name", str(key[1]))

    lines = [t("cov.diff")]
    lines += [t("cov.diff.added", building=codes.get(k[0], k[0]), name=name(k), role=t(f"cov.role.{new[k].role}"))
              for k in sorted(new.keys() - old.keys())]
    lines += [t("cov.diff.removed", building=codes.get(k[0], k[0]), name=name(k)) for k in sorted(old.keys() - new.keys())]
    lines += [t("cov.diff.role", building=codes.get(k[0], k[0]), name=name(k), role=t(f"cov.role.{new[k].role}"))
              for k in sorted(old.keys() & new.keys()) if old[k].role != new[k].role]
    return lines
