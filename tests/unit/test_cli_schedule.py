"""The CLI command `schedule`: exit 0 when every place is filled, 3 when some stay open (the rest saved), 1 on a
refusal; one version saved as the user cli (or nothing with --dry-run); what it prints, in Chinese and English."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import duckdb
import pytest
from helpers import build_district_file, cli, file_dump

from coordpanel import people, roster
from coordpanel.core import auth
from coordpanel.core.db import Database

NEXT_MONDAY = dt.date(2020, 2, 24)  # the week after the demo's: no shifts yet, templates for every gate
DEMO_MONDAY = dt.date(2020, 2, 17)
ZH = "zh_CN.UTF-8"


def state(db_file: Path, compound: int | None = None) -> tuple:
    """Every shift, assignment (with its reason) and saved week, of one compound or all, and the audit entries."""
    con = duckdb.connect(str(db_file), read_only=True)
    of = {"c": compound}
    try:
        return (
            con.execute("SELECT s.* FROM gate_shift s JOIN gate g ON g.id = s.gate_id "
                        "WHERE $c IS NULL OR g.compound_id = $c ORDER BY ALL", of).fetchall(),
            con.execute("SELECT a.shift_id, a.person_id, a.accepted_reason FROM shift_assignment a "
                        "JOIN gate_shift s ON s.id = a.shift_id JOIN gate g ON g.id = s.gate_id "
                        "WHERE $c IS NULL OR g.compound_id = $c ORDER BY ALL", of).fetchall(),
            con.execute("SELECT * FROM roster_week WHERE $c IS NULL OR compound_id = $c ORDER BY ALL", of).fetchall(),
            con.execute("SELECT count(*) FROM audit_log WHERE $c IS NULL OR compound_id = $c", of).fetchone()[0],
        )
    finally:
        con.close()


def load(db_file: Path, monday: dt.date, compound: int = 1) -> roster.week.Week:
    database = Database(db_file)
    try:
        return roster.week.load_week(database, compound, monday)
    finally:
        database.close()


def keep_only(db_file: Path, n: int) -> None:
    """All but the first n gate-eligible people of the demo go into quarantine from 2020-02-20: places stay open."""
    database = Database(db_file)
    try:
        week = roster.week.load_week(database, 1, DEMO_MONDAY)
        gone = sorted(p.id for p in week.people.values() if p.gate_eligible)[n:]
        database.cursor().execute("UPDATE person SET status = 'quarantined', status_since = DATE '2020-02-20' "
                                  "WHERE list_contains($ids, id)", {"ids": gone})
    finally:
        database.close()


def summary(stdout: str) -> tuple[int, int, int, int]:
    found = re.search(r"Places filled: (\d+)/(\d+) → (\d+)/(\d+)", stdout)
    assert found, stdout
    return tuple(int(g) for g in found.groups())


# --- a week filled and saved --------------------------------------------------------------------------------------


def test_next_week_from_templates_is_filled_saved_as_one_version_and_keeps_the_rules(db_file):
    result = cli(db_file, "schedule", "--week", "2020-02-26", "--from-templates")  # any day of the week
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.startswith("Auto-schedule the week of 2020-02-24 at Vanke Jiayuan (ID 1): keeping the assignments")
    assert "Shifts changed (56):" in out and "cannot be filled" not in out
    assert summary(out) == (0, 126, 126, 126)
    assert "56 new shifts from the templates; proven optimal" in out
    assert out.rstrip().endswith("Saved: the week of 2020-02-24 is now version 1.")
    week = load(db_file, NEXT_MONDAY)
    assert len(week.shifts) == 56 and sum(len(c) for c in week.crews.values()) == 126
    assert week.version == 1 and week.saved_by == "cli"
    con = duckdb.connect(str(db_file), read_only=True)
    try:
        actions = con.execute("SELECT DISTINCT actor, action FROM audit_log WHERE batch = "
                              "(SELECT max(batch) FROM audit_log)").fetchall()
    finally:
        con.close()
    assert actions == [("cli", "save roster")]  # shifts and crews: one transaction, one audited batch
    check = cli(db_file, "check-roster", "--week", "2020-02-24")
    assert check.returncode == 0 and "0 hard-rule violations, 0 warnings" in check.stdout


def test_dry_run_prints_the_plan_in_chinese_and_saves_nothing(db_file):
    before, people_before = state(db_file), file_dump(db_file)
    reader = duckdb.connect(str(db_file), read_only=True)  # another reader: a writer could not open the file now
    try:
        result = cli(db_file, "schedule", "--week", "2020-02-24", "--from-templates", "--dry-run", lang=ZH)
        saving = cli(db_file, "schedule", "--week", "2020-02-24", "--from-templates")
    finally:
        reader.close()
    assert saving.returncode == 1 and "Traceback" not in saving.stderr  # the lock is real: the dry run read only
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.startswith("自动排班：万科嘉园（ID 1）2020年2月24日 这一周；保留符合规则的现有安排；按门岗班次模板补排缺少的班次。")
    assert "变动的班次（56 个）：" in out and "2月24日 周一 00:00：新增 " in out
    assert "已排岗位：0/126 → 126/126；按模板新建班次 56 个；已证明最优" in out
    assert out.rstrip().endswith("试运行：未保存任何内容。")
    assert state(db_file) == before and file_dump(db_file) == people_before


def test_a_plan_that_changes_nothing_saves_nothing(db_file):
    before = state(db_file)
    result = cli(db_file, "schedule", "--week", "2020-02-17")  # the demo week is fully staffed
    assert result.returncode == 0, result.stderr
    assert "Places filled: 126/126 → 126/126" in result.stdout
    assert result.stdout.rstrip().endswith("The plan changes nothing; nothing was saved.")
    assert state(db_file) == before


def test_a_fresh_plan_changes_only_shifts_not_started_and_keeps_the_rules(db_file):
    week = load(db_file, DEMO_MONDAY)
    result = cli(db_file, "schedule", "--week", "2020-02-17", "--fresh", "--time-limit", "60")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "(ID 1): a fresh plan of the shifts not started." in result.stdout
    assert "Places filled: 126/126 → 126/126" in result.stdout and "is now version 2" in result.stdout
    after = load(db_file, DEMO_MONDAY)
    now = dt.datetime(2020, 2, 19, 8)
    started = {s.id for s in week.shift_objects() if s.starts_at < now}
    assert {s: sorted(after.crews.get(s, [])) for s in started} == {s: sorted(week.crews.get(s, [])) for s in started}
    assert any(sorted(after.crews.get(s, [])) != sorted(c) for s, c in week.crews.items() if s not in started)
    check = cli(db_file, "check-roster", "--week", "2020-02-17")
    assert check.returncode == 0 and "0 hard-rule violations" in check.stdout


@pytest.mark.parametrize(("args", "says"), [
    (("--week", "2020-03-04"), "The week of 2020-03-02 has no shifts; --from-templates plans them"),
    (("--week", "2020-02-10", "--from-templates"), "The week of 2020-02-10 has no shift still to come"),
])
def test_a_week_with_nothing_to_plan(db_file, args, says):
    before = state(db_file)
    result = cli(db_file, "schedule", *args)
    assert result.returncode == 0, result.stderr
    assert says in result.stdout and state(db_file) == before


# --- places that stay open, rules it may break ----------------------------------------------------------------------


def test_unfillable_places_exit_3_with_their_reasons_and_the_rest_is_saved(db_file):
    keep_only(db_file, 2)
    result = cli(db_file, "schedule", "--week", "2020-02-24", "--from-templates", "--time-limit", "60")
    assert result.returncode == 3, result.stderr
    lines = result.stdout.splitlines()
    heading = next(i for i, line in enumerate(lines) if line.startswith("Places that cannot be filled"))
    n = int(re.search(r"\((\d+) shifts\)", lines[heading]).group(1))
    reasons = lines[heading + 1: heading + 1 + n]
    assert n > 0 and all(re.search(r"^  .+ \d\d:\d\d–\d\d:\d\d: needs \d, has \d; only \d of 2 gate-eligible", r)
                         for r in reasons), reasons
    _, required_before, filled, required = summary(result.stdout)
    assert required_before == required == 126 and 0 < filled < 126
    assert "Saved: the week of 2020-02-24 is now version 1." in result.stdout
    week = load(db_file, NEXT_MONDAY)
    assert len(week.shifts) == 56 and sum(len(c) for c in week.crews.values()) == filled
    check = cli(db_file, "check-roster", "--week", "2020-02-24")
    assert check.returncode == 0 and "0 hard-rule violations" in check.stdout


def test_breaking_an_allowed_rule_needs_a_reason_which_is_saved_on_each_break(db_file):
    keep_only(db_file, 2)
    before = state(db_file)
    args = ("schedule", "--week", "2020-02-17", "--allow", "max_hours_day", "--time-limit", "60")
    dry = cli(db_file, *args, "--dry-run")
    assert dry.returncode == 3, dry.stderr
    broken = re.search(r"Soft rules broken to fill places \((\d+)\):", dry.stdout)
    assert broken and "more than 12 h a day" in dry.stdout
    n = int(broken.group(1))
    assert f"Saving this plan needs --reason: it breaks {n} soft rules about a person." in dry.stdout
    refused = cli(db_file, *args)
    assert refused.returncode == 1
    assert f"error: The plan breaks {n} soft rules to fill places: give a reason to accept them" in refused.stderr
    assert state(db_file) == before
    saved = cli(db_file, *args, "--reason", "only two people left at the gates")
    assert saved.returncode == 3, saved.stderr
    assert "Saved: the week of 2020-02-17 is now version 2." in saved.stdout
    reasons = [r for _, _, r in state(db_file)[1] if r == "only two people left at the gates"]
    assert len(reasons) == n
    check = cli(db_file, "check-roster", "--week", "2020-02-17")
    assert check.returncode == 0, check.stdout


@pytest.mark.parametrize(("args", "message"), [
    (("--time-limit", "0"), "The time limit must be between 1 and 600 seconds (it is 0)"),
    (("--time-limit", "601"), "The time limit must be between 1 and 600 seconds"),
    (("--allow", "no_overlap"), "“no_overlap” is not a soft rule the scheduler may break; it may break: max_hours_week"),
    (("--allow", "gate_eligible"), "“gate_eligible” is not a soft rule the scheduler may break"),
    (("--compound", "7"), "There is no compound with ID 7."),
])
def test_refusals_exit_1_with_the_message_and_change_nothing(db_file, args, message):
    before = state(db_file)
    result = cli(db_file, "schedule", "--week", "2020-02-24", "--from-templates", *args)
    assert result.returncode == 1 and message in result.stderr, result.stderr
    assert "Traceback" not in result.stderr and "Saved" not in result.stdout
    assert state(db_file) == before


def test_refusals_speak_chinese(db_file):
    result = cli(db_file, "schedule", "--week", "2020-02-24", "--time-limit", "0", lang=ZH)
    assert result.returncode == 1 and "求解时限须在 1 到 600 秒之间" in result.stderr


def test_usage_errors_exit_2(db_file):
    for args in (("--week", "2020-02-30"), ("--week", "2020-02-24", "--time-limit", "soon"), ()):
        result = cli(db_file, "schedule", *args)
        assert result.returncode == 2, (args, result.stderr)


def test_a_missing_database_is_never_created(tmp_path):
    missing = tmp_path / "none.duckdb"
    for extra in ((), ("--dry-run",)):
        result = cli(missing, "schedule", "--week", "2020-02-24", *extra)
        assert result.returncode == 1 and "init --demo" in result.stderr
    assert not missing.exists()


# --- after an absence -----------------------------------------------------------------------------------------------


def test_after_someone_falls_sick_only_their_future_places_change(db_file):
    week = load(db_file, DEMO_MONDAY)
    since = dt.datetime(2020, 2, 20)
    theirs = {}
    for s in week.shift_objects():
        if s.starts_at >= since:
            for pid in week.crews.get(s.id, []):
                theirs.setdefault(pid, set()).add(s.id)
    sick = max(theirs, key=lambda p: (len(theirs[p]), -p))  # the person with the most shifts still to come
    database = Database(db_file)
    try:
        people.status.set_status(database, auth.CLI_USER, sick, "sick", since.date(), "fever")
    finally:
        database.close()
    result = cli(db_file, "schedule", "--week", "2020-02-19")
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"Shifts changed ({len(theirs[sick])}):" in result.stdout
    after = load(db_file, DEMO_MONDAY)
    changed = {s for s in week.crews.keys() | after.crews.keys()
               if sorted(week.crews.get(s, [])) != sorted(after.crews.get(s, []))}
    assert changed == theirs[sick]
    for s in changed:
        removed = set(week.crews[s]) - set(after.crews[s])
        added = set(after.crews[s]) - set(week.crews[s])
        assert removed == {sick} and len(added) == 1 and sick not in after.crews[s]
    assert after.version == week.version + 1 and after.saved_by == "cli"


# --- a generated district -------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def district_template(tmp_path_factory) -> Path:
    return build_district_file(tmp_path_factory.mktemp("district") / "d.duckdb")


def hard_lines(path: Path, compound: int, week: str) -> list[str]:
    check = cli(path, "check-roster", "--compound", str(compound), "--week", week)
    return [line for line in check.stdout.splitlines() if line.startswith("[hard]")]


@pytest.mark.parametrize(("compound", "args"), [
    (3, ("--week", "2020-02-24", "--from-templates")),  # the compound whose volunteers all fell sick
    (2, ("--week", "2020-02-24", "--from-templates")),
    # this week's started shifts keep the sick volunteers (history: hard violations that stay); they leave the
    # shifts not started, whose places are filled again, and no hard violation is added
    (3, ("--week", "2020-02-17")),
])
def test_a_compound_of_a_generated_district(district_template, tmp_path, compound, args):
    path = tmp_path / "district.duckdb"
    shutil.copy(district_template, path)
    others = [state(path, c) for c in (1, 2, 3, 4) if c != compound]
    hard_before = hard_lines(path, compound, args[1])
    result = cli(path, "schedule", "--compound", str(compound), *args, "--time-limit", "30")
    assert result.returncode in (0, 3), result.stdout + result.stderr
    assert "is now version" in result.stdout
    filled_before, _, filled, _ = summary(result.stdout)
    assert filled > filled_before
    hard_after = hard_lines(path, compound, args[1])
    assert set(hard_after) <= set(hard_before)  # none added; a sick person's places not started are given away
    if "--from-templates" in args:
        assert hard_before == [] and cli(path, "check-roster", "--compound", str(compound), "--week", args[1]).returncode == 0
    else:
        assert len(hard_after) < len(hard_before)
    assert [state(path, c) for c in (1, 2, 3, 4) if c != compound] == others
