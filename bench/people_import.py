"""How long a people import takes for 10,000 and 100,000 rows: reading the sheet, planning it, and importing it.

    .venv/bin/python bench/people_import.py [--rows 10000 100000] [--format csv|xlsx]

Builds the demo compound in memory for each size and writes a sheet of that many new volunteers (each with a name,
group, phone, party membership and home building, as an office keeps them). "plan" is what the import view does
with an upload (every check, no write); "import" plans again and adds everyone in one transaction. Also prints how
many named queries each step ran (that number must not grow with the rows) and how long the import's audit write
took (all its entries in one statement; it ran one INSERT per entry before, ~1 ms each). Prints figures; it never
asserts.
"""

from __future__ import annotations

import argparse
import io
import sys
import time

from coordpanel import people, seed
from coordpanel.core import db as db_module
from coordpanel.core.auth import User
from coordpanel.core.db import Database

HEADER = ["姓名", "层级", "分组", "手机号", "是否党员", "所住楼栋", "备注"]


def rows(n: int) -> list[list[str]]:
    groups = ("门岗防控组", "生活物质采购组", "应急组")
    return [[f"志愿者{i:06d}", "志愿者", groups[i % 3], f"147{i:08d}", "是" if i % 4 == 0 else "否", f"{i % 14 + 1}栋",
             "夜班" if i % 5 == 0 else ""] for i in range(n)]


def sheet(n: int, kind: str) -> bytes:
    if kind == "csv":
        return "\n".join(",".join(r) for r in [HEADER, *rows(n)]).encode("utf-8")
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    ws = book.create_sheet("志愿者")
    ws.append(HEADER)
    for r in rows(n):
        ws.append(r)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


AUDIT_SECONDS: list[float] = []


def counting() -> list[str]:
    """Every named query the db layer runs from now on, by name; the audit write's time goes to AUDIT_SECONDS."""
    seen: list[str] = []
    load_query, run_query = db_module.load_query, db_module.run_query

    def timed_run_query(cur, name, /, **params):
        seen.append(name)
        started = time.perf_counter()
        try:
            return run_query(cur, name, **params)
        finally:
            if name == "audit/insert":
                AUDIT_SECONDS.append(time.perf_counter() - started)

    db_module.load_query = lambda name: seen.append(name) or load_query(name)
    db_module.run_query = timed_run_query
    return seen


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--format", choices=["csv", "xlsx"], default="csv")
    args = parser.parse_args()
    admin = User(3, "admin", "admin")
    queries = counting()
    print(f"{'rows':>8} {'file MB':>8} {'read s':>8} {'plan s':>8} {'import s':>9} {'audit s':>8} {'queries plan/import':>20}")
    for n in args.rows:
        db = Database(":memory:")
        seed.demo.build(db)
        content = sheet(n, args.format)
        started = time.perf_counter()
        frame = people.importer.read(content, f"people.{args.format}")
        read_s = time.perf_counter() - started
        queries.clear()
        started = time.perf_counter()
        planned, errors = people.importer.plan(db, 1, frame)
        plan_s, plan_queries = time.perf_counter() - started, len(queries)
        assert not errors and len(planned) == n, errors[:3]
        AUDIT_SECONDS.clear()
        started = time.perf_counter()
        added = people.importer.import_people(db, admin, 1, frame)
        import_s, import_queries = time.perf_counter() - started, len(queries) - plan_queries
        assert added == n
        print(f"{n:>8} {len(content) / 1e6:>8.1f} {read_s:>8.2f} {plan_s:>8.2f} {import_s:>9.2f} {sum(AUDIT_SECONDS):>8.2f} "
              f"{plan_queries:>9}/{import_queries}")
        db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
