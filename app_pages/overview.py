"""总览 — what needs attention first, then the figures and the pictures a leader reads at a glance."""

from coordpanel.views import overview

overview.render()
