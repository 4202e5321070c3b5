"""社区防控指挥台 — the entry point: the frame shared by every page (coordpanel/ui/frame.py)."""

from coordpanel.ui import frame

frame.run()
