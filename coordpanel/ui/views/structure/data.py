"""The structure page's data: the tables, the comparison with the article and the sunburst, per data version."""

from __future__ import annotations

from dataclasses import dataclass

import plotly.graph_objects as go

from coordpanel import overview, structure
from coordpanel.core import auth, charts, clock
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
