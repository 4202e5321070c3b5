"""辖区汇总 — every compound of the street or district, worst first: coverage gaps and short gate shifts."""

from coordpanel.ui.views import district

district.render()
