"""The requests page's data, per data version: the board with its translated table, proposals, purchase list, figures."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from coordpanel.core import auth
from coordpanel.core.db import Database
from coordpanel.services import charts, exports, requests
from coordpanel.ui.cache import per_version
from coordpanel.ui.widgets import frozen

SHOWS = ("open", "overdue", "all")  # the board's filter; ?show=… in the URL preselects it


@per_version(maxsize=16)
def board(db: Database, compound: int, user: auth.User, now: dt.datetime, lang: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(the board as this user may read it, the same rows translated), of one data version."""
    frame = requests.board(db, user, compound, now)
    return frame, exports.board_table(frame, lang)


@per_version(maxsize=16)
def buildings(db: Database, compound: int) -> dict[int, str]:
    """The compound's buildings in their order: id → code."""
    return {b["id"]: b["code"] for b in db.records("buildings/list", compound_id=compound)}


@per_version(maxsize=64)
def proposals(db: Database, compound: int, user: auth.User, request_id: int) -> pd.DataFrame:
    return requests.propose_assignees(db, user, compound, request_id)


@per_version(maxsize=16)
def buyers(db: Database, compound: int, building_id: int) -> pd.DataFrame:
    """Who could take a building's requests, those serving it first (as for any one of its requests); no phones."""
    return db.df("requests/assignees", compound_id=compound, building_id=building_id)[["person_id", "name", "group_zh",
                                                                                       "group_en", "serves_building",
                                                                                       "in_progress"]]


@per_version(maxsize=16)
def purchase(db: Database, compound: int, user: auth.User, day: dt.date) -> pd.DataFrame:
    return requests.purchase_list(db, user, compound, day)


@per_version(maxsize=16)
def figures(db: Database, compound: int, now: dt.datetime) -> requests.RequestFigures:
    return requests.figures(db, compound, now)


def shown(frame: pd.DataFrame, table: pd.DataFrame, show: str, building: int | None) -> pd.DataFrame:
    """The translated rows the board's filters keep (frame and table are row for row the same)."""
    keep = pd.Series(True, index=frame.index)
    if show == "open":
        keep &= frame["status"].isin(requests.OPEN)
    elif show == "overdue":
        keep &= frame["overdue"]
    if building is not None:
        keep &= frame["building_id"] == building
    return table[keep.to_numpy()]


@per_version(maxsize=16)
def by_building_chart(db: Database, compound: int, now: dt.datetime, lang: str):
    return frozen(charts.requests_by_building(requests.figures(db, compound, now).by_building, lang))


@dataclass(frozen=True)
class Context:
    """What render() hands the open tab."""
    user: auth.User
    compound: int
    lang: str
    now: dt.datetime
    buildings: dict[int, str]
