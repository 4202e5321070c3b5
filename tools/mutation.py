"""Mutation score of the modules whose tests guard the most: mutmut mutates each, runs its tests, prints the share killed.

Each target runs in its own copy of the project (a temporary folder), so targets do not share mutmut's `mutants/` state
and the work tree stays clean. Usage: `make mutation` or `python tools/mutation.py [auth|rules|people_import ...]`.
A score is (killed + timed out) / mutants tested; a mutant no test reaches counts as survived. Survivors are listed so
they can be judged: killed by a new test, or documented as equivalent in the README's testing notes."""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
COPY = ("coordpanel", "queries", "data", "tests", "pyproject.toml")
# target → (files mutated, tests that guard them)
TARGETS: dict[str, tuple[list[str], list[str]]] = {
    "auth": (["coordpanel/core/auth.py"],
             ["tests/unit/test_auth.py", "tests/unit/test_auth_sessions.py", "tests/unit/test_auth_throttle.py"]),
    "rules": (["coordpanel/roster/rules.py"], ["tests/unit/test_roster_rules.py"]),
    "people_import": (["coordpanel/people/importer.py", "coordpanel/people/sheet.py"], ["tests/unit/test_people_import.py"]),
}
KILLED = {"killed", "timeout"}
UNTESTED = {"skipped", "not checked"}
LINE = re.compile(r"^\s*(?P<name>\S+__mutmut_\d+): (?P<status>.+)$")


def _config(mutate: list[str], tests: list[str]) -> str:
    listed = lambda items: "[" + ", ".join(f'"{item}"' for item in items) + "]"  # noqa: E731
    return ("\n[tool.mutmut]\nsource_paths = [\"coordpanel\"]\n"
            f"only_mutate = {listed(mutate)}\n"
            f"pytest_add_cli_args_test_selection = {listed(tests)}\n"
            'pytest_add_cli_args = ["-p", "no:cacheprovider", "-q", "-x", "-o", "timeout=60"]\n'
            'also_copy = ["queries", "data", "tests"]\n')


def _copy_project(into: Path, mutate: list[str], tests: list[str]) -> None:
    for name in COPY:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, into / name, ignore=shutil.ignore_patterns("__pycache__", "*.duckdb*"))
        else:
            shutil.copy2(source, into / name)
    with open(into / "pyproject.toml", "a", encoding="utf-8") as config:
        config.write(_config(mutate, tests))


def score(target: str, children: int, show: bool = False) -> tuple[float, list[str]]:
    """Runs mutmut for one target; returns its score (percent killed) and the surviving mutants (with diffs if show)."""
    mutate, tests = TARGETS[target]
    mutmut = [sys.executable, "-m", "mutmut"]
    with tempfile.TemporaryDirectory(prefix=f"mutation-{target}-") as folder:
        work = Path(folder)
        _copy_project(work, mutate, tests)
        subprocess.run([*mutmut, "run", "--max-children", str(children)], cwd=work, check=False,
                       stdout=subprocess.DEVNULL)
        listing = subprocess.run([*mutmut, "results", "--all", "true"], cwd=work, capture_output=True, text=True).stdout
        statuses = {m["name"]: m["status"].strip() for m in map(LINE.match, listing.splitlines()) if m}
        survivors = sorted(name for name, status in statuses.items() if status not in KILLED | UNTESTED)
        if show:
            survivors = [subprocess.run([*mutmut, "show", name], cwd=work, capture_output=True, text=True).stdout.strip()
                         or name for name in survivors]
    counts = Counter(statuses.values())
    tested = sum(n for status, n in counts.items() if status not in UNTESTED)
    killed = sum(counts[status] for status in KILLED)
    print(f"{target}: {killed} of {tested} mutants killed ({100 * killed / max(tested, 1):.1f}%) "
          f"— {dict(sorted(counts.items()))}")
    return 100 * killed / max(tested, 1), survivors


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("targets", nargs="*", help=f"any of {', '.join(TARGETS)} (default: all)")
    parser.add_argument("--children", type=int, default=2, help="mutants tested in parallel")
    parser.add_argument("--survivors", action="store_true", help="list every surviving mutant")
    args = parser.parse_args(argv)
    unknown = [target for target in args.targets if target not in TARGETS]
    if unknown:
        parser.error(f"unknown target {', '.join(unknown)}; choose from {', '.join(TARGETS)}")
    args.targets = args.targets or list(TARGETS)
    results = {target: score(target, args.children, args.survivors) for target in args.targets}
    for target, (percent, survivors) in results.items():
        print(f"{target:>14}: {percent:5.1f}% killed, {len(survivors)} survived")
        if args.survivors:
            print("".join(f"{survivor}\n\n" for survivor in survivors), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
