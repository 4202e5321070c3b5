"""The three-tier structure: tier → group → organisation, set beside the article's figures."""

from coordpanel.structure import tiers

__all__ = ["tiers"]
