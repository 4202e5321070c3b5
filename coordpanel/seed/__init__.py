"""The demo compound and the synthetic district."""

from coordpanel.seed import demo, district, roster_weeks

__all__ = ["demo", "district", "roster_weeks"]
