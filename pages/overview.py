"""总览 — what needs attention first, then the figures and the pictures a leader reads at a glance."""

from coordpanel.ui.views import overview

overview.render()
