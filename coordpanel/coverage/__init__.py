"""Building coverage: which tiers serve each building."""

from coordpanel.coverage import assignments

__all__ = ["assignments"]
