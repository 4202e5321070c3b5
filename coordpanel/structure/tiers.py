"""The three-tier structure (三级联防): who stands in each tier and group, where the cadres came from, and how the
data compares with the figures the article reports."""


from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from coordpanel.core.db import Database

# The article's figures (../shared/seed/FACTS.md); the page sets the data beside them and names any difference.
ARTICLE = {
    "cadres": 29,
    "cadres_original": 5,
    "cadres_added": 24,
    "volunteers": 43,
    "volunteer_party_members": 18,
    "community_volunteers": 91,
    "grid_chat_groups": 19,
    "buildings": 14,
}


@dataclass(frozen=True)
class Comparison:
    figure: str
    data: int | None
    article: int

    @property
    def differs(self) -> bool:
        return self.data != self.article


def compare(facts: dict[str, object], article: dict[str, int] = ARTICLE) -> list[Comparison]:
    """Each article figure beside the data's; `facts` is overview.figures.facts() of the compound."""
    return [Comparison(name, None if facts.get(name) is None else int(facts[name]), value) for name, value in article.items()]


def load(db: Database, compound_id: int, monday: dt.date) -> dict[str, pd.DataFrame]:
    start = dt.datetime.combine(monday, dt.time())
    return {
        "people": db.df("people/structure", compound_id=compound_id),
        "gates": db.df("roster/tier_hours", compound_id=compound_id, **{"from": start, "to": start + dt.timedelta(days=7)}),
        "buildings": db.df("coverage/tier_counts", compound_id=compound_id),
        "chat": db.df("community/chat_groups", compound_id=compound_id),
    }


def sunburst_nodes(people: pd.DataFrame, lang: str) -> pd.DataFrame:
    """tier → group → organisation as (id, parent, label, value) rows, sized by active people."""
    suffix = "en" if lang == "en" else "zh"
    org = "organisation_en" if lang == "en" else "organisation"
    rows = []
    for tier, by_tier in people.groupby("tier", sort=False):
        rows.append({"id": tier, "parent": "", "label": by_tier[f"tier_{suffix}"].iloc[0], "value": int(by_tier["people"].sum())})
        for group, by_group in by_tier.groupby("group_code", sort=False):
            gid = f"{tier}/{group}"
            rows.append({"id": gid, "parent": tier, "label": by_group[f"group_{suffix}"].iloc[0], "value": int(by_group["people"].sum())})
            if by_group["organisation"].nunique() > 1 or tier == "cadre":
                for r in by_group.itertuples():
                    rows.append({"id": f"{gid}/{r.organisation}", "parent": gid, "label": getattr(r, org), "value": int(r.people)})
    return pd.DataFrame(rows, columns=["id", "parent", "label", "value"])
