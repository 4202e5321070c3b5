"""The district summary: every compound of a street or district, worst first."""

from coordpanel.district import summary

__all__ = ["summary"]
