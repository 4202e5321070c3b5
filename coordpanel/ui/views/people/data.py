"""The people directory's data: rows as the signed-in user may see them and the translated table, per data version."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import pyarrow as pa

from coordpanel import people
from coordpanel.core import auth, i18n
from coordpanel.core.db import Database
from coordpanel.core.vocab import STATUSES, TIERS
from coordpanel.ui.cache import per_version


@per_version(maxsize=32)
def people_vocabulary(db: Database, compound: int) -> people.directory.Vocabulary:
    return people.directory.Vocabulary.load(db, compound)


def people_table(rows: pd.DataFrame, language: str) -> pd.DataFrame:
    """The directory as read: translated headers and values."""
    def tr(key: str) -> str:
        return i18n.t(key, language)

    tiers = {code: tr(f"tier.{code}") for code in TIERS}
    statuses = {code: tr(f"person.{code}") for code in STATUSES}
    return pd.DataFrame({
        tr("cov.col.name"): rows["name"],
        tr("cov.col.tier"): rows["tier"].map(tiers),
        tr("cov.col.group"): rows["group_en" if language == "en" else "group_zh"],
        tr("people.col.organisation"): rows["organisation"],
        tr("people.col.title"): rows["title"],
        tr("cov.col.party"): rows["party_member"],
        tr("cov.col.phone"): rows["phone"],
        tr("people.status"): rows["status"].map(statuses),
        tr("people.building"): rows["home_building"],
        tr("people.col.note"): rows["note"],
    })


@per_version(maxsize=32)
def people_page(db: Database, compound: int, user: auth.User, language: str) -> tuple[pd.DataFrame, pa.Table]:
    """(the directory as this user may read it, the same rows translated as Arrow), built together so that both
    are of one data version (the core checks the right and masks phones)."""
    frame = people.directory.directory(db, user, compound)
    return frame, pa.Table.from_pandas(people_table(frame, language), preserve_index=False)


def shown_rows(frame: pd.DataFrame, table: pa.Table, shown: pd.DataFrame) -> pa.Table:
    """The rows of `table` (row for row the same as `frame`) that a search of `frame` kept."""
    return table if len(shown) == len(frame) else table.take(frame.index.get_indexer(shown.index))


def group_names(vocabulary: people.directory.Vocabulary, language: str) -> dict[str, str]:
    """Each group's name in the language, by group code."""
    return {g["code"]: (g["name_en"] if language == "en" else g["name_zh"]) for g in vocabulary.groups.values()}


@dataclass(frozen=True)
class Context:
    """What render() hands the open tab: who is signed in, which compound, the language, and the directory's data."""
    user: auth.User
    compound: int
    lang: str
    frame: pd.DataFrame  # the directory as people.directory.directory gives it
    translated: pa.Table  # the same rows, translated for reading
    vocabulary: people.directory.Vocabulary
    group_name: dict[str, str]
