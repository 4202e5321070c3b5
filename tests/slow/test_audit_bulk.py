"""The audit write at the largest import: every entry of one transaction, in the order recorded, by one statement.

DuckDB scans a registered frame or a range in parallel once it holds more than one row group (122,880 rows): an
`INSERT … SELECT … ORDER BY` from such a source drew the ids of audit_log out of order in a trial with 300,000 rows.
This pins, beyond that size, that the ids follow the order in which tx.record was called.
"""

from __future__ import annotations

from coordpanel.core.db import Database

ENTRIES = 250_000  # above two row groups, above the people import's 200,000-row cap


def test_a_quarter_million_audit_entries_keep_their_order():
    db = Database(":memory:")
    try:
        with db.transaction("admin", "warm up"):
            pass
        with db.transaction("admin", "import people", compound_id=1) as tx:
            for i in range(ENTRIES):
                tx.record("person", i, None, {"i": i})
        count, out_of_order, first, last, batches = db.cursor().execute(
            "SELECT count(*), count(*) FILTER (WHERE CAST(row_key AS BIGINT) <> id - first), min(id), max(id),"
            " count(DISTINCT batch) FROM (SELECT *, min(id) OVER () AS first FROM audit_log"
            " WHERE action = 'import people')").fetchone()
        assert (count, out_of_order, batches) == (ENTRIES, 0, 1)
        assert last - first + 1 == ENTRIES
        assert db.cursor().execute("SELECT after FROM audit_log WHERE id = $id", {"id": last}).fetchone() == (
            f'{{"i": {ENTRIES - 1}}}',)
    finally:
        db.close()
