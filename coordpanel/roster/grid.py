"""The roster editor's grid (one row per shift) and the words that describe shifts, changes and violations."""


from __future__ import annotations

import pandas as pd

from coordpanel import roster
from coordpanel.core.errors import Term
from coordpanel.core.i18n import day_label, t
from coordpanel.people import directory


def describe(v: roster.rules.Violation, week: roster.week.Week, lang: str) -> str:
    """A violation in a planner's words: the person, the shift, the rule and by how much."""
    row = week.shifts[week.shifts["shift_id"] == v.shift_id].iloc[0]
    gate = row["gate_en"] if lang == "en" and row["gate_en"] else row["gate"]
    where = f"{gate} {day_label(row['starts_at'], lang)} {row['starts_at']:%H:%M}–{row['ends_at']:%H:%M}"
    params = {k: (t(val, lang) if isinstance(val, Term) else val) for k, val in v.params.items()}
    if lang == "en" and "other_gate" in params:
        names = dict(zip(week.shifts["gate"], week.shifts["gate_en"], strict=True))
        params["other_gate"] = names.get(params["other_gate"]) or params["other_gate"]
    if "day" in params:
        params["day"] = day_label(params["day"], lang)
    if "week" in params:
        params["week"] = day_label(params["week"], lang)
    if "status" in params:
        params["status"] = t(f"person.{params['status']}", lang)
    if "other_start" in params:
        params["other_start"] = f"{params['other_start']:%m-%d %H:%M}"
    for key in ("rest", "minimum", "hours", "maximum"):
        if key in params:
            params[key] = f"{float(params[key]):g}"
    text = t(f"rule.{v.rule}", lang, **params)
    return f"{where}：{text}" if lang != "en" else f"{where}: {text}"


# --- the editor's grid: one row per shift ------------------------------------------------------------------
def person_label(person: roster.rules.Person) -> str:
    """How a roster person appears in the grid's picker: directory.label, as on the coverage page."""
    return directory.label(person.name, person.id)


def editor_frame(week: roster.week.Week, lang: str, crews: roster.week.Crews | None = None) -> pd.DataFrame:
    """One row per shift of the week: where, when, how many are needed, who is on it (the saved crews, or a
    draft such as last week's copy), and the accepted reason. Kept on the week: treat it as read-only."""
    crews = week.crews if crews is None else crews
    return roster.week._memo(week, "editor_frame", (lang, roster.week._crews_key(crews)), lambda: _editor_frame(week, lang, crews))


def shift_labels(week: roster.week.Week, lang: str) -> dict[int, str]:
    """Each shift of the week as the planner reads it: gate, day, start–end."""
    def compute() -> dict[int, str]:
        return {int(r.shift_id): f"{r.gate} {day_label(r.starts_at, lang)} {r.starts_at:%H:%M}–{r.ends_at:%H:%M}"
                for r in week.shifts.itertuples()}

    return roster.week._memo(week, "shift_labels", (lang,), compute)


def _editor_frame(week: roster.week.Week, lang: str, crews: roster.week.Crews) -> pd.DataFrame:
    rows = []
    for r in week.shifts.itertuples():
        crew = crews.get(r.shift_id, [])
        reasons = sorted({week.accepted[(r.shift_id, p)] for p in crew if (r.shift_id, p) in week.accepted})
        rows.append({
            "shift_id": int(r.shift_id),
            "gate": r.gate_en if lang == "en" and r.gate_en else r.gate,
            "day": day_label(r.starts_at, lang),
            "time": f"{r.starts_at:%H:%M}–{r.ends_at:%H:%M}",
            "required": int(r.required),
            "people": [person_label(week.people[p]) for p in crew if p in week.people],
            "reason": "; ".join(reasons),
        })
    return pd.DataFrame(rows, columns=["shift_id", "gate", "day", "time", "required", "people", "reason"])


def from_editor(week: roster.week.Week, edited: pd.DataFrame) -> tuple[roster.week.Crews, roster.week.Accepted]:
    """Crews and accepted reasons from the editor's rows; a reason on a row applies to everyone on that shift."""
    by_label = {person_label(p): p.id for p in week.people.values()}
    crews: roster.week.Crews = {}
    accepted: roster.week.Accepted = {}
    for row in edited.to_dict("records"):
        shift_id = int(row["shift_id"])
        people = [by_label[label] for label in (row["people"] if isinstance(row["people"], list) else list(row["people"] or []))
                  if label in by_label]
        crews[shift_id] = people
        reason = (row.get("reason") or "").strip()
        if reason:
            accepted.update({(shift_id, p): reason for p in people})
    return crews, accepted


def diff_lines(before: roster.week.Crews, after: roster.week.Crews, week: roster.week.Week, lang: str) -> list[str]:
    """What differs between two sets of crews, shift by shift, in words."""
    lines = []
    for r in week.shifts.itertuples():
        old, new = set(before.get(r.shift_id, [])), set(after.get(r.shift_id, []))
        if old == new:
            continue

        def names(ids):
            return "、".join(week.people[p].name if p in week.people else str(p) for p in sorted(ids)) or "—"

        gate = r.gate_en if lang == "en" and isinstance(r.gate_en, str) and r.gate_en else r.gate
        lines.append(t("roster.diff", lang, gate=gate, day=day_label(r.starts_at, lang), start=f"{r.starts_at:%H:%M}",
                       added=names(new - old), removed=names(old - new)))
    return lines


def person_week(week: roster.week.Week, crews: roster.week.Crews, person_id: int) -> pd.DataFrame:
    """One person's shifts this week, with hours and the rest before each."""
    mine = [s for s in week.before + week.shift_objects() if person_id in {**week.before_crews, **crews}.get(s.id, [])]
    mine.sort(key=lambda s: s.starts_at)
    rows, previous_end = [], None
    for s in mine:
        if s.starts_at >= week.start:
            rows.append({"gate": s.gate, "starts_at": s.starts_at, "ends_at": s.ends_at, "hours": s.hours,
                         "rest_before": None if previous_end is None else (s.starts_at - previous_end) / roster.rules.HOUR})
        previous_end = s.ends_at
    return pd.DataFrame(rows, columns=["gate", "starts_at", "ends_at", "hours", "rest_before"])
