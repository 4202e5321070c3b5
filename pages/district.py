"""辖区汇总 — every compound of the street or district, worst first: coverage gaps and short gate shifts."""

from coordpanel.ui import frame
from coordpanel.ui.views.district import page

frame.enter()
page.render()
