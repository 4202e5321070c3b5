"""三级联防 — the three-tier structure as a picture, set beside the article's figures; who holds gates and buildings."""

from coordpanel.ui import frame
from coordpanel.ui.views.structure import page

frame.enter()
page.render()
