"""User text on the resident-services pages (#16) is shown as typed: a request's need, unit and failure reason, an
item's name, a donor, a note, a case report's note, each carrying Markdown and HTML, reach no element that reads
Markdown unescaped (the walk and the checks of test_user_text_is_data)."""

from __future__ import annotations

import datetime as dt

import pytest
from test_user_text_is_data import HOSTILE, assert_shown_as_data, run

from coordpanel.core.auth import User
from coordpanel.core.db import Database
from coordpanel.core.i18n import t
from coordpanel.services import cases, requests, supplies

ADMIN, LEADER = User(3, "admin", "admin"), User(1, "leader", "leader")
NOW = dt.datetime(2020, 2, 19, 8, 0)


@pytest.fixture
def hostile_services(page_db):
    db = Database(page_db)
    rid = requests.create(db, ADMIN, 1, building_id=3, unit=HOSTILE, contact="13900001234", kind="groceries",
                          urgency="urgent", needed=HOSTILE, due_at=NOW + dt.timedelta(hours=1), now=NOW)
    failed = requests.create(db, ADMIN, 1, building_id=3, unit=None, contact="13900001234", kind="medicine",
                             urgency="normal", needed=HOSTILE + "药", now=NOW)
    requests.fail(db, ADMIN, 1, failed, HOSTILE, now=NOW)
    person = requests.propose_assignees(db, ADMIN, 1, rid).iloc[0]["person_id"]
    busy = requests.create(db, ADMIN, 1, building_id=3, unit=HOSTILE, contact="13900001234", kind="groceries",
                           urgency="normal", needed=HOSTILE + "菜", now=NOW)
    requests.assign(db, ADMIN, 1, busy, person)
    item = supplies.add_item(db, ADMIN, 1, name_zh=HOSTILE, name_en=HOSTILE, unit_zh="<b>箱</b>", unit_en="<b>box</b>",
                             min_stock=5)
    supplies.receipt(db, ADMIN, 1, item, 3, HOSTILE, NOW.date(), note=HOSTILE, now=NOW)
    cases.enter(db, ADMIN, 1, NOW.date(), new_cases=0, new_suspected=1, close_contacts=2, note=HOSTILE, now=NOW)
    db.close()
    return rid


PAGES = {
    "requests.py": ("requests_view", ["svc.req.view_board", "svc.req.view_intake", "svc.req.view_purchase",
                                      "svc.req.view_figures"],
                    {"requests_bulk": True, "requests_show": "all", "requests_purchase_print": True}),
    "supplies.py": ("supplies_view", ["svc.sup.view_stock", "svc.sup.view_receipt", "svc.sup.view_issue",
                                      "svc.sup.view_movements"], {"supplies_new_item": True}),
    "cases.py": ("cases_view", ["svc.case.view_trend", "svc.case.view_table", "svc.case.view_enter",
                                "svc.case.view_correct"], {}),
}


# every tab of the three pages (views.tabbed() sees the services package, not its three pages): as an admin in both
# languages and as a leader (who is shown the first tab instead of one they may not open)
@pytest.mark.parametrize("page", sorted(PAGES))
@pytest.mark.parametrize(("user", "lang"), [(ADMIN, "zh"), (ADMIN, "en"), (LEADER, "zh")], ids=["admin-zh", "admin-en", "leader"])
def test_services_pages_show_user_text_as_data(hostile_services, page, user, lang):
    key, views, state = PAGES[page]
    for view in views:
        label = t(view, lang)
        at = run(page, user, lang, **{key: label, **state})
        assert_shown_as_data(at, f"{page} {label} {user.role} {lang}")
        assert not at.error, [e.value for e in at.error]
        drawn = [tab.label for tab in at.tabs if tab.children]
        assert drawn == [label] if user.can("edit_roster") or view in READ_VIEWS else len(drawn) == 1
        for toggle in at.toggle:
            toggle.set_value(True)
            assert_shown_as_data(at.run(), f"{page} {label} {user.role} {lang} toggled")


READ_VIEWS = {"svc.req.view_board", "svc.req.view_purchase", "svc.req.view_figures", "svc.sup.view_stock",
              "svc.sup.view_movements", "svc.case.view_trend", "svc.case.view_table"}


def test_the_hostile_need_is_on_the_board_as_typed(hostile_services):
    at = run("requests.py", ADMIN, "zh", requests_show="all")
    assert HOSTILE in at.dataframe[0].value["需求内容"].tolist()
    assert any(HOSTILE[:30] in option for option in at.selectbox(key="requests_pick").options)
