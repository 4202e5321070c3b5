"""Every Plotly figure draws user text (names, gates, buildings, groups, organisations) as typed: Plotly reads <b>, <a
href>, <br> in ticks, legends, hover labels and cell texts, so no such markup from user text reaches a figure raw."""

from __future__ import annotations

import pandas as pd
from helpers import demo_week

from coordpanel.core import charts

MARKUP = '<b>粗</b><a href="http://x.example">a</a> & %{y}'
ESCAPED = '&lt;b&gt;粗&lt;/b&gt;&lt;a href="http://x.example"&gt;a&lt;/a&gt; &amp; %{y}'


def strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in strings(v)]
    if isinstance(value, (list, tuple)):
        return [s for v in value for s in strings(v)]
    if hasattr(value, "tolist"):
        return strings(value.tolist())
    return []


def assert_drawn_as_text(fig) -> list[str]:
    texts = strings(fig.to_dict())
    raw = [s for s in texts if "<a" in s or "<b>" in s]
    assert not raw, raw
    assert any(ESCAPED in s for s in texts), "the user text is in the figure, escaped"
    return texts


def test_label_escapes_what_plotly_reads_as_html():
    assert charts.label(MARKUP) == ESCAPED
    assert charts.label("南门（主卡口）") == "南门（主卡口）"


def test_coverage_heatmap_draws_building_codes_as_text(demo_db):
    coverage = demo_db.df("coverage/by_building", compound_id=1, day=None)
    coverage.loc[0, "code"] = MARKUP
    assert_drawn_as_text(charts.coverage_heatmap(coverage, "zh"))


def test_week_picture_draws_gates_and_names_as_text(demo_db):
    w = demo_week(demo_db)
    shifts = w.shifts.assign(gate=w.shifts["gate"].where(w.shifts["gate_order"] != 0, MARKUP))
    names = {s: [MARKUP] for s in w.crews}
    assert_drawn_as_text(charts.staffing_heatmap(shifts, "zh", names))


def test_timeline_draws_names_and_gates_as_text_and_keeps_them_out_of_templates(demo_db):
    w = demo_week(demo_db)
    shifts = w.shifts.assign(gate=w.shifts["gate"].where(w.shifts["gate_order"] != 0, MARKUP))
    person = next(iter(w.crews[int(w.shifts["shift_id"].iloc[0])]))
    names = {pid: p.name for pid, p in w.people.items()} | {person: MARKUP}
    fig = charts.roster_timeline(shifts, w.crews, names, "zh")
    assert_drawn_as_text(fig)
    assert all(MARKUP not in (trace.hovertemplate or "") and ESCAPED not in (trace.hovertemplate or "")
               for trace in fig.data), "a gate name is data, never part of a hover template"
    assert ESCAPED in {trace.name for trace in fig.data}
    assert ESCAPED in fig.layout.yaxis.categoryarray


def test_structure_sunburst_draws_groups_and_organisations_as_text():
    nodes = pd.DataFrame([
        {"id": "cadre", "parent": "", "label": "下沉党员", "value": 2},
        {"id": "cadre/checkpoint", "parent": "cadre", "label": "卡口封控组" + MARKUP, "value": 2},
        {"id": f"cadre/checkpoint/{MARKUP}", "parent": "cadre/checkpoint", "label": MARKUP, "value": 2},
    ])
    fig = charts.structure_sunburst(nodes)
    assert_drawn_as_text(fig)
    ids, parents = list(fig.data[0].ids), list(fig.data[0].parents)
    assert set(parents) - {""} <= set(ids), "every ring still hangs from its parent"
