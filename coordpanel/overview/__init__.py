"""The leaders' overview: the compound's figures and its gaps."""

from coordpanel.overview import figures

__all__ = ["figures"]
