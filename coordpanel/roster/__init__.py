"""Gate rosters: the rules, a week's load/check/save/undo, candidates, templates, the editor's grid, files in and out."""

from coordpanel.roster import availability, candidates, cells, grid, import_plan, imports, publish, rules, saving, templates, week

__all__ = ["availability", "candidates", "cells", "grid", "import_plan", "imports", "publish", "rules", "saving", "templates",
           "week"]
