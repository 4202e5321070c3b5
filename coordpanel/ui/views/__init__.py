"""Each page's data and layout, one package per feature: page.py lays the page out (its render() is what the script
in pages/ calls), data.py builds what it shows once per data version, and a page with tabs keeps one module per tab.

A page script is run by Streamlit on every rerun, and AppTest (so tests and bench/pages.py) even recompiles it each
time; code imported from here is compiled once. Pages with several views put them in lazy tabs (ui.lazy_tabs) whose
open tab is kept in st.session_state[page.VIEW_KEY]."""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType


def tabbed() -> dict[str, ModuleType]:
    """The page modules whose page has lazy tabs, by page name; a feature with several pages (services: requests,
    supplies, cases) keeps one subpackage per page, named as the page."""
    found = {}
    for package, prefix in _packages(__path__, __name__):
        module = importlib.import_module(f"{prefix}.page")
        if hasattr(module, "VIEW_KEY"):
            found[package] = module
    return found


def _packages(path, name: str):
    for info in pkgutil.iter_modules(path):
        if not info.ispkg:
            continue
        package = importlib.import_module(f"{name}.{info.name}")
        subpackages = [i for i in pkgutil.iter_modules(package.__path__) if i.ispkg]
        if subpackages:
            yield from _packages(package.__path__, package.__name__)
        else:
            yield info.name, f"{name}.{info.name}"
