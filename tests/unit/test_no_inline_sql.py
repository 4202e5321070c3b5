"""SQL lives in queries/<feature>/<name>.sql and runs by name; Python holds none, bar a few identifier-building helpers."""

from __future__ import annotations

import ast
import re

import pytest

from coordpanel.core.queries import QUERIES, ROOT

# Statement openings, as they begin a string once leading whitespace is gone. Keywords match in any case, but each
# needs SQL-shaped text after it (or, for words that are also prose, capitals), so messages such as "Select the people
# from the list", "Copy the roster to Excel" or "Attach a file" do not count.
_SQL = re.compile(
    r"""^\s*(?:
        (?-i:SELECT)\s+\S.*?\bFROM\b
      | SELECT\s+(?:\*|DISTINCT\s|[\w.]+\s*\(|[\w."]+(?:\s*,\s*[\w."]+)+\s+FROM\s)
      | INSERT\s+(?:OR\s+\w+\s+)?INTO\s+[\w."{}]+\s*(?:\(|VALUES\b|SELECT\b|BY\s+NAME\b|DEFAULT\s+VALUES\b)
      | UPDATE\s+[\w."]+\s+SET\s
      | DELETE\s+FROM\s+[\w."{}]+\s*(?:;|WHERE\b|USING\b|RETURNING\b|$)
      | (?:CREATE|DROP)\s+(?:OR\s+REPLACE\s+)?(?:TEMP(?:ORARY)?\s+)?(?:UNIQUE\s+)?
            (?:TABLE|VIEW|INDEX|SEQUENCE|SCHEMA|MACRO|FUNCTION|TYPE|SECRET)\b
      | ALTER\s+(?:TABLE|VIEW|SEQUENCE)\s
      | WITH\s+(?:RECURSIVE\s+)?[\w"]+(?:\s*\([^)]*\))?\s+AS\s*(?:NOT\s+)?(?:MATERIALIZED\s*)?\(
      | COPY\s+(?:\(\s*SELECT\b|[\w."{}]+\s+(?:\([^)]*\)\s*)?(?:TO|FROM)\s+['"${])
      | ATTACH\s+(?:DATABASE\s+)?(?:IF\s+NOT\s+EXISTS\s+)?['"${]
      | (?-i:DETACH)\s+\w+
      | PRAGMA\s+\w+
      | (?:EXPORT|IMPORT)\s+DATABASE\s+(?:['"{]|\w+\s+TO\s)
      | START\s+TRANSACTION\b
      | (?-i:(?:FORCE\s+)?CHECKPOINT|BEGIN|COMMIT|ROLLBACK|ABORT|VACUUM|INSTALL|LOAD|DESCRIBE|SUMMARIZE)\b
      | (?-i:SET)\s+(?:GLOBAL\s+|SESSION\s+)?\w+\s*(?:=|TO)\s
      | CALL\s+\w+\s*\(
    )""",
    re.IGNORECASE | re.DOTALL | re.VERBOSE,
)

# The few functions that still hold SQL, each with why. The builders splice only names checked against the live
# catalog (the schema's own tables and columns), DuckDB-quoted, or an absolute path as a quoted literal; values
# travel as parameters or a registered frame. Other transaction control uses DuckDB's begin/commit/rollback calls.
ALLOWED = {
    ("coordpanel/core/identifiers.py", "_identifier_statement"):
        "the one builder of statements on a table named at run time (bulk insert, count, delete, load from Parquet)",
    ("coordpanel/core/identifiers.py", "export_database"):
        "EXPORT DATABASE takes no parameter: the folder is an absolute path written as a quoted literal",
    ("coordpanel/core/db.py", "commit"):
        "a constant COMMIT, which fails when no transaction is open and which tests/unit/test_db.py fails like a full disk",
    ("coordpanel/core/pg.py", "attach"):
        "LOAD, ATTACH and USE of the postgres extension: ATTACH takes no parameter, the operator's URL is a quoted literal",
    ("coordpanel/core/pg.py", "refresh"):
        "a constant CALL pg_clear_cache() after a migration",
}

SOURCES = sorted({*(ROOT / "coordpanel").rglob("*.py"), *(ROOT / "pages").rglob("*.py"), ROOT / "app.py"})


def _text(node: ast.AST) -> str | None:
    """A string constant's text, or an f-string's with each replacement field shown as {}."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)
    return None


def sql_strings(source: str) -> list[tuple[int, str, str]]:
    """(line, enclosing function's qualified name, text) of every string literal in `source` that reads as SQL."""
    tree = ast.parse(source)
    found = []

    def visit(node: ast.AST, scope: str, in_fstring: bool) -> None:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            scope = f"{scope}.{node.name}" if scope else node.name
        if isinstance(node, ast.Expr) and _text(node.value) is not None:
            return  # a docstring or a bare string: it never reaches the database
        text = _text(node)
        # an f-string's literal parts are visited as part of the f-string, not again on their own
        if text is not None and not (in_fstring and isinstance(node, ast.Constant)) and _SQL.match(text):
            found.append((node.lineno, scope, text))
        for child in ast.iter_child_nodes(node):
            visit(child, scope, in_fstring or isinstance(node, ast.JoinedStr))

    visit(tree, "", False)
    return found


def test_the_detector_sees_sql_and_ignores_prose():
    samples = [
        'x = "SELECT count(*) FROM person"',
        'x = f"SELECT nextval(\'{seq}\') FROM range($n)"',
        'x = ("INSERT INTO setting (key, value) "\n     "VALUES ($k, $v)")',
        "x = '  update person set status = $s where id = $i'",
        'x = "DELETE FROM t"',
        'x = "DELETE FROM person WHERE id = $id"',
        'x = f\'EXPORT DATABASE "{p}" (FORMAT parquet)\'',
        'x = "BEGIN TRANSACTION"',
        'x = "CHECKPOINT"',
        'x = "CREATE TABLE IF NOT EXISTS t (a INT)"',
        'x = "WITH recent AS (SELECT 1) SELECT * FROM recent"',
        "x = \"COPY person TO 'x.parquet' (FORMAT parquet)\"",
        'x = f"COPY (SELECT * FROM {t}) TO $path"',
        "x = \"ATTACH 'other.duckdb' AS other\"",
        'x = "select id, name from person"',
        'x = "insert into person (name) values ($n)"',
        'x = "SET threads = 4"',
        'x = "PRAGMA table_info(\'person\')"',
    ]
    for sample in samples:
        assert len(sql_strings(sample)) == 1, sample
    prose = ['"""Update the roster week and commit it."""', '"""SELECT count(*) FROM t, as the docstring shows."""',
             'x = "EXPORT DATABASE as Parquet into the folder"', 'x = "Select a week"', 'x = "Delete from the list?"',
             'x = "Create the demo compound"', 'x = "Commit"', 'x = "begin"', 'x = "checkpoint"', 'x = "start"',
             '"Call after a write: the next read sees it."', 'x = "with care as always"',
             'x = "Set the password"', 'x = "Insert a row"', 'x = "copy to clipboard"',
             'x = "Select the people from the list"', 'x = "Copy the roster to Excel"', 'x = "Attach a file"',
             'x = "Set password to something longer"', 'x = "Insert into the roster the people you picked"',
             'x = "Update your roster set up"']
    for sample in prose:
        assert sql_strings(sample) == [], sample


def test_no_sql_statement_is_written_in_python():
    found, allowed_seen = [], set()
    for path in SOURCES:
        rel = path.relative_to(ROOT).as_posix()
        for line, scope, text in sql_strings(path.read_text(encoding="utf-8")):
            if (rel, scope) in ALLOWED:
                allowed_seen.add((rel, scope))
                continue
            found.append(f"{rel}:{line} ({scope or 'module'}): {' '.join(text.split())[:90]}")
    assert not found, "SQL written in Python; move it to queries/<feature>/<name>.sql:\n" + "\n".join(found)
    # an allow-list entry that no longer matches anything is stale: remove it
    assert allowed_seen == set(ALLOWED), set(ALLOWED) - allowed_seen


QUERY_FILES = sorted(p for p in QUERIES.rglob("*.sql") if p.relative_to(QUERIES).parts[0] != "schema")


def _statements(sql: str) -> list[str]:
    """Statements of a query file: split at semicolons outside quotes and comments, empty ones dropped."""
    parts, current, quote, i = [], [], None, 0
    while i < len(sql):
        ch = sql[i]
        if quote:
            current.append(ch)
            if ch == quote:
                quote = None
        elif ch in "'\"":
            quote = ch
            current.append(ch)
        elif sql.startswith("--", i):
            i = sql.find("\n", i)
            if i < 0:
                break
            continue
        elif sql.startswith("/*", i):
            i = sql.index("*/", i) + 2
            continue
        elif ch == ";":
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
        i += 1
    parts.append("".join(current))
    return [p for p in parts if p.strip()]


def test_statement_splitter():
    assert len(_statements("-- a; b\nSELECT ';' AS x, \"a;b\" FROM t; /* ; */\n")) == 1
    assert len(_statements("-- two\nSELECT 1;\nSELECT 2")) == 2


@pytest.mark.parametrize("path", QUERY_FILES, ids=lambda p: p.relative_to(QUERIES).with_suffix("").as_posix())
def test_every_query_file_has_a_comment_line_and_one_statement(path):
    text = path.read_text(encoding="utf-8")
    first = text.splitlines()[0] if text else ""
    assert re.fullmatch(r"-- \S.*", first), f"{path.name}: the first line must be a `-- what it does` comment"
    assert len(_statements(text)) == 1, f"{path.name}: one statement per query file"
