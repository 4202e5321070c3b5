"""The layout's contract: one home per feature, small modules and functions, Streamlit only in the UI layer.

These fail when the code drifts back into a few large modules; each names the offender and by how much."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "coordpanel"
MAX_MODULE_LINES = 350
MAX_FUNCTION_LINES = 80
FEATURES = ("roster", "coverage", "people", "overview", "structure", "district", "attendance", "brief")
# Resident services: one package (coordpanel/services/, ui/views/services/) behind three pages, each with its queries.
SERVICES = ("requests", "supplies", "cases")


def python_files() -> list[Path]:
    return sorted([*PACKAGE.rglob("*.py"), *(ROOT / "pages").glob("*.py"), ROOT / "app.py"])


def imported_modules(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


def test_no_module_is_over_the_limit():
    long = {str(p.relative_to(ROOT)): n for p in python_files()
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES}
    assert not long, f"modules over {MAX_MODULE_LINES} lines: {long}"


def test_no_function_is_over_the_limit():
    long = {}
    for path in python_files():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                size = node.end_lineno - node.lineno + 1
                if size > MAX_FUNCTION_LINES:
                    long[f"{path.relative_to(ROOT)}:{node.lineno} {node.name}"] = size
    assert not long, f"functions over {MAX_FUNCTION_LINES} lines: {long}"


def test_only_the_ui_layer_imports_streamlit():
    """The core, the features, the seed and the CLI run without Streamlit (the CLI, tests and a solver worker use them)."""
    offenders = [str(p.relative_to(ROOT)) for p in PACKAGE.rglob("*.py")
                 if "ui" not in p.relative_to(PACKAGE).parts[:1]
                 and any(m == "streamlit" or m.startswith("streamlit.") for m in imported_modules(p))]
    assert not offenders, f"Streamlit imported outside coordpanel/ui: {offenders}"


def test_the_core_depends_on_no_feature():
    offenders = {str(p.relative_to(ROOT)): sorted(m for m in imported_modules(p) if m.split(".")[1:2] and m.split(".")[1] in (*FEATURES, "services"))
                 for p in (PACKAGE / "core").glob("*.py")}
    offenders = {k: v for k, v in offenders.items() if v}
    assert not offenders, f"core modules importing feature packages: {offenders}"


@pytest.mark.parametrize("feature", FEATURES)
def test_each_feature_has_one_home_in_every_layer(feature):
    """The same name in every layer: queries/<f>/ (roster's SQL included), coordpanel/<f>/, ui/views/<f>/, pages/<f>.py."""
    assert (PACKAGE / feature / "__init__.py").exists()
    assert (PACKAGE / "ui" / "views" / feature / "page.py").exists()
    assert (ROOT / "pages" / f"{feature}.py").exists()
    assert (ROOT / "queries" / feature).is_dir() or feature in ("structure", "overview")


@pytest.mark.parametrize("page", SERVICES)
def test_each_resident_service_has_its_page_and_queries_in_the_services_home(page):
    assert (PACKAGE / "services" / f"{page}.py").exists() and (PACKAGE / "ui" / "views" / "services").is_dir()
    assert (ROOT / "pages" / f"{page}.py").exists() and (ROOT / "queries" / page).is_dir()


def test_every_page_script_is_short_and_enters_through_the_frame():
    for script in (ROOT / "pages").glob("*.py"):
        text = script.read_text(encoding="utf-8")
        assert len(text.splitlines()) <= 10, f"{script.name}: a page script calls its view, nothing more"
        assert "frame.enter()" in text, f"{script.name} does not hand a frameless run over to the frame"


def test_every_module_starts_with_a_docstring():
    missing = [str(p.relative_to(ROOT)) for p in python_files()
               if ast.get_docstring(ast.parse(p.read_text(encoding="utf-8"))) is None]
    assert not missing, f"modules without a docstring saying what they are for: {missing}"


def test_unit_tests_run_without_streamlit():
    """Page tests (AppTest) live in tests/pages; tests/unit tries the core and features alone."""
    offenders = [p.name for p in (ROOT / "tests" / "unit").glob("test_*.py")
                 if p.name != "test_layout.py" and any(m.split(".")[0] == "streamlit" for m in imported_modules(p))]
    assert not offenders, f"unit tests importing Streamlit (move them to tests/pages): {offenders}"
