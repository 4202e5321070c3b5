"""The entry of the three resident-services pages: pages/requests.py, supplies.py and cases.py call render(name).

Each page lays itself out in its own subpackage (services/<name>/page.py, with its own VIEW_KEY for its lazy tabs);
this module only picks it, so that views.tabbed() finds a page module for the services package as for any other."""

import importlib

PAGES = ("requests", "supplies", "cases")


def module(name: str):
    """The page module of one of the services' pages."""
    if name not in PAGES:
        raise ValueError(name)
    return importlib.import_module(f"{__package__}.{name}.page")


def render(name: str) -> None:
    module(name).render()
