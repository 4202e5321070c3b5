"""The one reader of the setting table: every setting is parsed here, with its default.

The table holds {key: json text}; a value setting is {"value": …}, a rule may also carry {"severity": …}."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from coordpanel.core.db import Database


@dataclass(frozen=True)
class Settings:
    raw: dict[str, str]  # key -> json text, as stored

    def value(self, key: str, default: Any) -> Any:
        """The setting's "value", or `default` when the key is missing."""
        return json.loads(self.raw[key])["value"] if key in self.raw else default

    @property
    def as_of(self) -> dt.datetime | None:
        """The dataset's "as of" moment when it has one (the demo), else None."""
        return dt.datetime.fromisoformat(json.loads(self.raw["as_of"])) if "as_of" in self.raw else None

    @property
    def rules(self) -> dict[str, str]:
        """The roster rules' settings (keys "rule.*"), for roster.rules.Rules.from_settings."""
        return {k: v for k, v in self.raw.items() if k.startswith("rule.")}

    @property
    def idle_minutes(self) -> int:
        return int(self.value("auth.idle_minutes", 30))

    @property
    def lock_after(self) -> int:
        return int(self.value("auth.lock_after_failures", 5))

    @property
    def lock_minutes(self) -> int:
        return int(self.value("auth.lock_minutes", 15))

    @property
    def volunteer_max_buildings(self) -> int:
        return int(self.value("coverage.volunteer_max_buildings", 3))


def read(db: Database) -> Settings:
    return Settings(dict(db.rows("settings/all")))


def as_of(db: Database) -> dt.datetime | None:
    return read(db).as_of
