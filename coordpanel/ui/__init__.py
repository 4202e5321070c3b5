"""The Streamlit layer, the only part of coordpanel that imports streamlit: the frame, the session, the per-version
cache, widgets, the editor that keeps unsaved edits, sign-in, and views/<feature>/ with each page's data and layout.

The names pages use most are gathered here, so a view reads `ui.t(...)`, `ui.require(...)`, `ui.db()`."""

from coordpanel.ui.editor import apply_edits, editor, forget, pending, unsaved
from coordpanel.ui.session import (
    compound_id,
    compounds,
    current_user,
    data_version,
    db,
    lang,
    require,
    sign_in,
    sign_out,
    t,
    today,
    written,
)
from coordpanel.ui.widgets import (
    CHART_CONFIG,
    bullets,
    downloads,
    flash,
    frozen,
    lazy_expander,
    lazy_tabs,
    new_password,
    plain,
    refused,
    run,
    saved,
)

__all__ = [
    "CHART_CONFIG", "apply_edits", "bullets", "compound_id", "compounds", "current_user", "data_version", "db", "downloads",
    "editor", "flash", "forget", "frozen", "lang", "lazy_expander", "lazy_tabs", "new_password", "pending", "plain",
    "refused", "require", "run", "saved", "sign_in", "sign_out", "t", "today", "unsaved", "written",
]
