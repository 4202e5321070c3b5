"""Streamlit layouts of the pages: each page script in pages/ calls one render() from here.

A page script is run by Streamlit on every rerun, and AppTest (so tests and bench/pages.py) even recompiles it each
time; code imported from here is compiled once. Pages with several views put them in lazy tabs (ui.views) whose
open tab is kept in st.session_state[module.VIEW_KEY]."""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType


def tabbed() -> dict[str, ModuleType]:
    """The view modules whose page has lazy tabs, by page name."""
    found = {}
    for info in pkgutil.iter_modules(__path__):
        module = importlib.import_module(f"{__name__}.{info.name}")
        if hasattr(module, "VIEW_KEY"):
            found[info.name] = module
    return found
