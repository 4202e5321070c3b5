"""The suite's own guard rails: a test stuck in an endless loop fails instead of hanging the run."""

import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_project_sets_a_per_test_time_limit():
    options = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["pytest"]["ini_options"]
    assert 0 < int(options["timeout"]) <= 600


def test_an_endless_loop_fails_by_the_time_limit(tmp_path):
    (tmp_path / "test_forever.py").write_text("def test_forever():\n    while True:\n        pass\n", encoding="utf-8")
    # Same plugin and settings as the project (rootdir/config = pyproject), with the limit shortened for the test.
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-c", str(ROOT / "pyproject.toml"),
         "--rootdir", str(tmp_path), "-o", "timeout=2", str(tmp_path / "test_forever.py")],
        capture_output=True, text=True, timeout=120, cwd=tmp_path,
    )
    assert run.returncode == 1, run.stdout + run.stderr
    assert "Timeout" in run.stdout
