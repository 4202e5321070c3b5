"""The CLI command `schedule`: the auto-scheduler fills a roster week's open places and saves them as one version.

The scheduler (OR-Tools) is imported only when the command runs, so the other commands start as fast as before."""


from __future__ import annotations

import argparse
import datetime as dt

from coordpanel import roster
from coordpanel.cli import common
from coordpanel.cli.common import in_range, open_existing, open_to_read
from coordpanel.core import auth, clock
from coordpanel.core.db import Database
from coordpanel.core.i18n import date_label, t

EXIT_UNFILLED = 3  # saved (unless a dry run), but some required places are still open


def arguments(parser: argparse.ArgumentParser) -> None:
    """The options of `schedule` (the parser comes from cli.parser(), with --db, --lang and --compound)."""
    parser.add_argument("--week", required=True, type=common.week, metavar="YYYY-MM-DD",
                        help="any day of the week (Monday-based)")
    parser.add_argument("--fresh", action="store_true",
                        help="plan the shifts not started from empty (default: keep assignments that keep the rules)")
    parser.add_argument("--from-templates", action="store_true",
                        help="first plan the shifts the gate templates would create and the week lacks")
    parser.add_argument("--time-limit", type=float, default=None, metavar="S",
                        help="seconds the solver may take, 1 to 600 (default: 5); the best plan so far when they run out")
    parser.add_argument("--allow", action="append", default=[], metavar="RULE",
                        help="a soft rule it may break to fill places (repeatable): max_hours_week, max_hours_day, "
                             "unavailable, property_or_cadre")
    parser.add_argument("--reason", default=None, metavar="TEXT",
                        help="the reason saved on each break of an allowed rule (needed when the plan breaks one)")
    parser.add_argument("--dry-run", action="store_true", help="print the plan, save nothing (opens the file read-only)")


def cmd_schedule(args: argparse.Namespace) -> int:
    """Exit 0 when every required place of the shifts not started is filled, 3 when some stay open (the plan is
    saved all the same), 1 on a refusal (main() prints it)."""
    from coordpanel.roster.scheduler import plan as scheduler_plan

    lang = common.lang()
    db = open_to_read(args.db) if args.dry_run else open_existing(args.db)
    compound_id = common.compound(db, args.compound)
    monday = clock.week_start(in_range(args.week))
    limit = scheduler_plan.DEFAULT_SECONDS if args.time_limit is None else args.time_limit
    print(_header(db, args, compound_id, monday, lang), flush=True)
    plan = scheduler_plan.plan_week(db, compound_id, monday, fresh=args.fresh, from_templates=args.from_templates,
                                    allow=tuple(args.allow), time_limit=limit)
    exit_code = EXIT_UNFILLED if plan.unfilled else 0
    label = date_label(monday, lang)
    if not any(plan.problem.is_open(s) for s in plan.problem.shifts):
        key = "scheduler.cli.no_open" if plan.problem.shifts or args.from_templates else "scheduler.cli.no_shifts"
        print(t(key, lang, week=label))
        return 0
    for line in _report(plan, lang, limit):
        print(line)
    if not plan.changes():
        print(t("scheduler.cli.nothing", lang))
        return exit_code
    if args.dry_run:
        needing = sum(1 for v in plan.breaks if v.person_id is not None)
        if needing and not (args.reason or "").strip():
            print(t("scheduler.cli.reason_hint", lang, n=needing))
        print(t("scheduler.cli.dry_run", lang))
        return exit_code
    version = scheduler_plan.save(db, auth.CLI_USER, plan, reason=args.reason)
    print(t("scheduler.cli.saved", lang, week=label, version=version))
    return exit_code


def _header(db: Database, args: argparse.Namespace, compound_id: int, monday: dt.date, lang: str) -> str:
    row = next(c for c in db.records("compound/list") if c["id"] == compound_id)
    name = (row["name_en"] or row["name"]) if lang == "en" else row["name"]
    modes = [t("scheduler.cli.fresh" if args.fresh else "scheduler.cli.keep", lang)]
    if args.from_templates:
        modes.append(t("scheduler.cli.templates", lang))
    if args.allow:
        modes.append(t("scheduler.cli.allowing", lang, rules=", ".join(dict.fromkeys(args.allow))))
    return t("scheduler.cli.header", lang, week=date_label(monday, lang), compound=name, id=compound_id,
             mode=("；" if lang != "en" else "; ").join(modes))


def _report(plan, lang: str, limit: float) -> list[str]:
    """The plan in lines: the shifts it changes, the places it leaves open and why, the rules it breaks, a summary."""
    from coordpanel.roster.scheduler import explain

    lines = []
    changed = roster.grid.diff_lines(plan.week.crews, plan.crews, plan.preview, lang)
    if changed:
        lines.append(t("scheduler.cli.changes", lang, n=len(changed)))
        lines += [f"  {line}" for line in changed]
    if plan.unfilled:
        lines.append(t("scheduler.cli.unfilled", lang, n=len(plan.unfilled)))
        lines += [f"  {explain.describe(u, lang)}" for u in plan.unfilled]
    if plan.breaks:
        lines.append(t("scheduler.cli.breaks", lang, n=len(plan.breaks)))
        lines += [f"  {roster.grid.describe(v, plan.preview, lang)}" for v in plan.breaks]
    (filled_before, required_before), (filled, required) = plan.staffed()
    solution = plan.solution
    outcome = (t("scheduler.cli.optimal", lang) if solution.complete
               else t("scheduler.cli.stopped", lang, limit=f"{limit:g}"))
    lines.append(t("scheduler.cli.summary", lang, before=filled_before, required_before=required_before, after=filled,
                   required=required, new=len(plan.new_shifts), outcome=outcome, seconds=f"{solution.seconds:.1f}"))
    fair = plan.fairness()
    lines.append(t("scheduler.cli.fairness", lang, hours=f"{fair['max_hours']:g}", spread=f"{fair['spread']:g}",
                   nights=fair["max_nights"], night_spread=fair["night_spread"]))
    return lines
