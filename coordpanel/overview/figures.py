"""What a leader sees first: the compound's figures and its gaps, computed in one pass for the overview page."""


from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd

from coordpanel.core import clock
from coordpanel.core.clock import week_start
from coordpanel.core.db import Database
from coordpanel.core.i18n import date_label, day_label, t
from coordpanel.coverage.assignments import gap_lines
from coordpanel.overview import duty, items
from coordpanel.overview.items import Item
from coordpanel.services import cases
from coordpanel.services import requests as service_requests
from coordpanel.services import supplies as service_supplies


@dataclass
class Overview:
    compound: dict
    as_of: dt.datetime
    days_without_case: dict
    cases: pd.DataFrame
    people: pd.DataFrame
    cadres_by_origin: pd.DataFrame
    coverage: pd.DataFrame
    week: pd.DataFrame
    requests: service_requests.RequestFigures
    supplies: pd.DataFrame  # services.supplies.stock: below the minimum and running out first
    unavailable: pd.DataFrame
    no_shows: pd.DataFrame  # duty.no_shows of the shifts that started yesterday or today, covered ones included
    on_duty: pd.DataFrame  # duty.on_duty: per gate with a shift in progress, present vs planned
    community: dict[str, int] = field(default_factory=dict)

    # --- derived figures ---------------------------------------------------------------------------
    @property
    def week_start(self) -> dt.date:
        return week_start(self.as_of.date())

    @property
    def today_shifts(self) -> pd.DataFrame:
        return self.week[self.week["starts_at"].dt.date == self.as_of.date()]

    @staticmethod
    def short(shifts: pd.DataFrame) -> pd.DataFrame:
        """Shifts below their headcount or without a property member or cadre."""
        return shifts[(shifts["filled"] < shifts["required"]) | (shifts["anchors"] == 0)]

    @property
    def covered(self) -> int:
        return int((self.coverage["status"] == "covered").sum())

    @property
    def gaps(self) -> pd.DataFrame:
        return self.coverage[self.coverage["status"] != "covered"]

    @property
    def open_requests(self) -> int:
        return int(self.requests.open)

    @property
    def low_supplies(self) -> pd.DataFrame:
        return self.supplies[self.supplies["below_min"]]

    def tier_totals(self) -> pd.DataFrame:
        return (
            self.people.groupby(["tier", "tier_zh", "tier_en"], sort=False)[["people", "active", "party_members"]]
            .sum()
            .reset_index()
        )


def load(db: Database, compound_id: int, as_of: dt.datetime | None = None) -> Overview:
    as_of = as_of or clock.today(db)
    monday = dt.datetime.combine(week_start(as_of.date()), dt.time())
    yesterday = dt.datetime.combine(as_of.date() - dt.timedelta(days=1), dt.time())
    # a report counts a whole day, made at its 24:00: the newest one that can exist is yesterday's
    until = yesterday.date()
    c = {"compound_id": compound_id}
    week = db.df("roster/staffing", **c, **{"from": monday, "to": monday + dt.timedelta(days=7)})
    return Overview(
        compound=db.records("compound/summary", **c)[0],
        as_of=as_of,
        days_without_case=cases.days_without_new_case(db, compound_id, as_of),
        cases=db.df("cases/daily", **c, until=until),
        people=db.df("people/by_tier_group", **c),
        cadres_by_origin=db.df("people/cadres_by_origin", **c),
        coverage=db.df("coverage/by_building", **c, day=None),
        week=week,
        requests=service_requests.figures(db, compound_id, as_of),
        supplies=service_supplies.stock(db, compound_id, as_of.date()),
        unavailable=db.df("people/unavailable", **c),
        no_shows=duty.no_shows(db, compound_id, yesterday, as_of, as_of),
        on_duty=duty.on_duty(db, compound_id, as_of),
        community=dict(db.rows("community/figures", **c)),
    )


def attention_items(o: Overview, lang: str, limit: int = 6) -> list[Item]:
    """What needs a leader's attention, red before amber, then what they should know (blue), each with the page where
    it is dealt with: a gate left short by a no-show now, buildings not covered, short shifts; no-shows of shifts
    already over that nobody covered, people off sick or quarantined, overdue requests, supplies low or running out;
    then no-shows a stand-in covered. At most `limit` red and amber items, then a line counting the rest."""
    no_show_now, no_show_past, no_show_covered = items.no_show_items(o.no_shows, lang)
    found: list[Item] = list(no_show_now)
    found += [Item("error", line, "coverage") for line in gap_lines(o.gaps, lang)]
    gate_col = "gate_en" if lang == "en" else "gate"
    upcoming = o.short(o.week[o.week["ends_at"] > o.as_of])
    for s in upcoming.itertuples():
        key = "ov.gap.shift" if s.filled < s.required else "ov.gap.shift_anchor"
        found.append(Item("error", t(key, lang, gate=getattr(s, gate_col), day=day_label(s.starts_at, lang),
                                     start=f"{s.starts_at:%H:%M}", end=f"{s.ends_at:%H:%M}", filled=s.filled,
                                     required=s.required), "roster"))
    found += no_show_past
    for p in o.unavailable.itertuples():
        if p.status != "left":
            found.append(Item("warning", t("ov.gap.person", lang, name=p.name, tier=t(f"tier.{p.tier}", lang),
                                           status=t(f"person.{p.status}", lang), since=p.status_since or "—"), "people"))
    found += items.request_items(o.requests, lang) + items.supply_items(o.supplies, lang) + no_show_covered
    return items.capped(found, lang, limit)


def attention(o: Overview, lang: str, limit: int = 6) -> list[tuple[str, str]]:
    """attention_items as (level, message); level is 'error', 'warning' or 'info'."""
    return [(i.level, i.message) for i in attention_items(o, lang, limit)]


def facts(o: Overview) -> dict[str, object]:
    """The article's headline figures as the data holds them, for the overview's facts section and the tests."""
    tiers = o.tier_totals().set_index("tier")
    origin = o.cadres_by_origin
    original = int(origin.loc[origin["kind"] == "state_company", "people"].sum())
    added = origin[origin["kind"] == "subsidiary"]
    return {
        "buildings": int(o.compound["buildings"]),
        "households": int(o.compound["households"] or 0),
        "residents": int(o.compound["residents"] or 0),
        "cadres": int(tiers.loc["cadre", "people"]) if "cadre" in tiers.index else 0,
        "cadres_original": original,
        "cadres_added": int(added["people"].sum()),
        "cadres_added_from": added["organisation"].tolist(),
        "volunteers": int(tiers.loc["volunteer", "people"]) if "volunteer" in tiers.index else 0,
        "volunteer_party_members": int(tiers.loc["volunteer", "party_members"]) if "volunteer" in tiers.index else 0,
        "community_volunteers": o.community.get("volunteers"),
        "grid_chat_groups": o.community.get("grid_chat_groups"),
        "official_first_day_reads": o.community.get("official_first_day_reads"),
        "days_without_new_case": o.days_without_case["days"],
    }


def people_table(people: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Per tier and group: people, active, party members, with translated headers."""
    suffix = "en" if lang == "en" else "zh"
    table = people[[f"tier_{suffix}", f"group_{suffix}", "people", "active", "party_members"]].copy()
    table.columns = [t(k, lang) for k in ("ov.col.tier", "ov.col.group", "ov.col.people", "ov.col.active", "ov.col.party")]
    return table


def supplies_table(supplies: pd.DataFrame, lang: str) -> pd.DataFrame:
    suffix = "en" if lang == "en" else "zh"
    table = supplies[[f"name_{suffix}", "quantity", f"unit_{suffix}", "min_stock"]].copy()
    table.columns = [t(k, lang) for k in ("ov.col.item", "ov.col.quantity", "ov.col.unit", "ov.col.minimum")]
    return table


def tiers_line(people: pd.DataFrame, lang: str) -> str:
    """People per tier (active of all where some are off), then party members: one line under the figures."""
    suffix = "en" if lang == "en" else "zh"
    parts = []
    for tier, rows in people.groupby(f"tier_{suffix}", sort=False):
        total, active = int(rows["people"].sum()), int(rows["active"].sum())
        parts.append(f"{tier} {active}/{total}" if active != total else f"{tier} {total}")
    parts.append(f"{t('ov.col.party', lang)} {int(people['party_members'].sum())}")
    return " · ".join(parts)


@dataclass
class Metric:
    label: str
    value: str
    help: str | None = None


@dataclass
class OverviewView:
    """Everything the overview page shows, translated and formatted: the page only lays it out."""

    title: str
    as_of: str
    attention: list[Item]
    metrics: list[Metric]
    on_duty_caption: str | None  # None: no shift in progress
    on_duty: list[Metric]  # per gate: present / planned
    tiers: str  # people per tier and party members, one line
    people: pd.DataFrame
    cases_caption: str | None
    facts: list[str]
    supplies: pd.DataFrame


def view(o: Overview, lang: str) -> OverviewView:
    c = o.compound
    days = o.days_without_case

    def staffed(shifts: pd.DataFrame) -> tuple[str, str]:
        filled = int(shifts[["filled", "required"]].min(axis=1).sum())
        return f"{filled} / {int(shifts['required'].sum())}", t("ov.shift_help", lang, short=len(o.short(shifts)))

    metrics = [
        Metric(t("ov.days_without_case", lang),
               t("ov.days_unit", lang, n=days["days"]) if days["days"] is not None else t("ov.no_reports", lang),
               t("ov.days_help", lang, last_report=days["last_report"], last_case=days["last_case"]) if days["last_case"] else None),
        Metric(t("ov.buildings_covered", lang), f"{o.covered} / {len(o.coverage)}"),
        Metric(t("ov.shifts_today", lang), *staffed(o.today_shifts)),
        Metric(t("ov.shifts_week", lang), *staffed(o.week)),
        Metric(t("ov.households", lang), f"{c['households'] or 0:,}"),
        Metric(t("ov.residents", lang), f"{c['residents'] or 0:,}"),
        Metric(t("ov.open_requests", lang), str(o.open_requests), t("ov.open_requests_help", lang, overdue=o.requests.overdue)),
        Metric(t("ov.low_supplies", lang), str(len(o.low_supplies))),
    ]
    cases_caption = None
    if len(o.cases):
        last = o.cases.iloc[-1]
        cases_caption = t("ov.cases_caption", lang, day=date_label(last["report_date"], lang), total=last["total_cases"],
                          hospital=last["hospitalised"], quarantine=last["central_quarantine"], waiting=last["awaiting_placement"])
    f = facts(o)
    fact_lines = [
        t("ov.fact.place", lang, district=c["district"], street=c["street"], community=c["community"]),
        t("ov.fact.cadres", lang, total=f["cadres"], original=f["cadres_original"], added=f["cadres_added"],
          orgs="、".join(f["cadres_added_from"])),
        t("ov.fact.volunteers", lang, total=f["volunteers"], party=f["volunteer_party_members"],
          community=f["community_volunteers"] or "—"),
        t("ov.fact.chat", lang, groups=f["grid_chat_groups"] or "—", reads=f"{f['official_first_day_reads'] or 0:,}"),
    ]
    return OverviewView(
        title=c["name_en"] if lang == "en" and c["name_en"] else c["name"],
        as_of=t("app.as_of", lang, when=f"{date_label(o.as_of, lang)} {o.as_of:%H:%M}"),
        attention=attention_items(o, lang),
        on_duty_caption=t("ov.on_duty_caption", lang, time=f"{o.as_of:%H:%M}") if len(o.on_duty) else None,
        on_duty=on_duty_metrics(o.on_duty, lang),
        metrics=metrics,
        tiers=tiers_line(o.people, lang),
        people=people_table(o.people, lang),
        cases_caption=cases_caption,
        facts=fact_lines,
        supplies=supplies_table(o.supplies, lang),
    )


def on_duty_metrics(on_duty: pd.DataFrame, lang: str) -> list[Metric]:
    """在岗 now, one figure per gate: present / planned, the shift and what is required in the help; a shift still in
    its grace minutes says so (nobody there yet is no gap then)."""
    out = []
    for g in on_duty.itertuples():
        gate = g.gate_en if lang == "en" and g.gate_en else g.gate_zh
        key = "ov.on_duty_starting" if g.starting else "ov.on_duty_help"
        out.append(Metric(gate, f"{g.present} / {g.planned}",
                          t(key, lang, start=f"{g.starts_at:%H:%M}", end=f"{g.ends_at:%H:%M}", required=g.required)))
    return out
