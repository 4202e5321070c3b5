"""The demo compound and the synthetic district."""

from coordpanel.seed import demo, district

__all__ = ["demo", "district"]
