"""Solving the model: its objectives one after another (lexicographically), each held while the next is solved.

One worker and a fixed seed, and every search but the last of a stage bounded in deterministic time (a measure of
work, not of the clock): the same data gives the same plan whenever each stage is proven optimal within the time
limit. When the limit cuts a stage short the plan is the best found so far, and the solution says so."""


from __future__ import annotations

import time
from dataclasses import dataclass

from ortools.sat.python import cp_model

from coordpanel.roster.scheduler import greedy
from coordpanel.roster.scheduler.model import Model
from coordpanel.roster.scheduler.problem import Problem


@dataclass(frozen=True)
class Stage:
    name: str
    value: int
    bound: int | None  # the best value a tree search proved possible; None when none ran to a bound
    optimal: bool
    seconds: float

    @property
    def gap(self) -> float | None:
        """Relative distance between the value found and the best the solver could prove possible."""
        return None if self.bound is None else abs(self.bound - self.value) / max(1, abs(self.value))


@dataclass(frozen=True)
class Solution:
    crews: dict[int, list[int]]  # every shift of the week (started ones as saved)
    accepted: dict[tuple[int, int], str]  # the planner's reasons on the assignments kept with them
    stages: tuple[Stage, ...]
    complete: bool  # every stage ran and was proven optimal
    seconds: float

    @property
    def timed_out(self) -> bool:
        return not self.complete


# deterministic seconds (a machine-independent measure of work) the local search of a stage may use
LOCAL_SEARCH_DTIME = 0.5
# a stage alternates local and tree search this many times, each tree search but the last bounded by TREE_DTIME
ROUNDS, TREE_DTIME = 4, 0.3
PRESOLVE_MAX_VARIABLES = 20_000
RESERVE = 0.08  # the share of the time limit kept for building the answer after the search


def solve(problem: Problem, *, fresh: bool = False, allow: tuple[str, ...] | frozenset[str] = (),
          time_limit: float = 5.0, seed: int = 0) -> Solution:
    """The best crews for the week's open shifts. `fresh` plans them from empty (else saved assignments that still
    keep the rules are kept where it can); `allow` names soft rules it may break to fill places."""
    started = time.perf_counter()
    built = Model(problem, fresh, frozenset(allow))
    # the least-hours-first plan keeps every rule: the solver starts from it, and it stands if time runs out first
    start = greedy.fill(problem, fresh=fresh)
    values = {key: int(key[0] in start.get(key[1], ())) for key in built.x}
    search = _Search(built)
    stages: list[Stage] = []
    complete = True
    # what comes after the search (the crews, the checks and explanations of plan_week) gets a little of the limit
    deadline = started + time_limit * (1 - RESERVE)
    for name, expr, maximise in built.objectives():
        left = deadline - time.perf_counter()
        if left <= 0.01:
            complete = False
            break
        stage, found = search.run(name, expr, maximise, values, left, seed)
        if found is None:
            complete = False
            break
        values = found
        stages.append(stage)
        if not stage.optimal:
            complete = False
    return Solution(built.crews(values), built.kept_reasons(), tuple(stages), complete, time.perf_counter() - started)


class _Search:
    """The stages of one model, each starting from the whole solution of the one before."""

    def __init__(self, model: Model) -> None:
        self.model = model
        self.last: list[int] | None = None

    def run(self, name: str, expr, maximise: bool, hint: dict, seconds: float, seed: int):
        """Solve one objective from the last solution, then hold its value for the stages after it.

        A local search first finds fair plans over many alike people, where the tree search is slow to; the tree
        search then starts from its plan and proves it optimal (mostly at once: see _spread) or improves it. The
        local search is bounded in deterministic time, so its plan does not depend on the machine's speed."""
        (self.model.m.maximize if maximise else self.model.m.minimize)(expr)
        began = time.perf_counter()
        if self.last is None:
            self.last = self._complete(hint, seconds)
        solver, bound = None, None  # the best plan, and the best bound a tree search proved (a local one proves none)
        for attempt in range(ROUNDS):
            left = seconds - (time.perf_counter() - began)
            quick = self._solve(hint, left, seed, local=True, full=self.last) if name != "fill" else None
            if quick is not None and (solver is None or _better(quick, solver, maximise)):
                solver, self.last = quick, _whole(quick)
            last_round = attempt + 1 == ROUNDS
            left = seconds - (time.perf_counter() - began)
            tree = self._solve(hint, left, seed, full=self.last, dtime=None if last_round else TREE_DTIME)
            if tree is not None:
                proved = tree.best_objective_bound
                bound = proved if bound is None else (min(bound, proved) if maximise else max(bound, proved))
                if solver is None or tree.optimal or _better(tree, solver, maximise):
                    solver, self.last = tree, _whole(tree)
            if solver is not None and solver.optimal:
                break
        if solver is None:
            return None, None
        value = round(solver.objective_value)
        bound = value if solver.optimal else round(bound) if bound is not None else None
        if solver.optimal:
            self.model.m.add(expr == value)
        else:
            self.model.m.add(expr >= value if maximise else expr <= value)
        found = {key: int(solver.value(var)) for key, var in self.model.x.items()}
        return Stage(name, value, bound, solver.optimal, time.perf_counter() - began), found

    def _complete(self, hint: dict, seconds: float) -> list[int] | None:
        """The whole solution (every variable, the objective's best) that the plan `hint` makes: a tree search
        starts from a complete hint at once, where it may lose a partial one."""
        fixed = self.model.m.clone()
        for key, var in self.model.x.items():
            fixed.add(fixed.get_int_var_from_proto_index(var.index) == hint.get(key, 0))
        solver = cp_model.CpSolver()
        solver.parameters.max_time_in_seconds = max(0.01, seconds)
        solver.parameters.num_workers = 1
        solver.parameters.cp_model_presolve = len(self.model.x) <= PRESOLVE_MAX_VARIABLES
        status = solver.solve(fixed)
        return _whole(solver) if status in (cp_model.OPTIMAL, cp_model.FEASIBLE) else None

    def _solve(self, hint: dict, seconds: float, seed: int, *, local: bool = False, full: list[int] | None = None,
               dtime: float | None = None) -> cp_model.CpSolver | None:
        """One solver run from the hint (one worker, fixed seed); the solver when it found a plan, else None.
        `full`, a whole solution of the model (every variable), is the better hint when there is one."""
        if seconds <= 0.01:
            return None
        self.model.m.clear_hints()
        if full is not None:
            for index, value in enumerate(full):
                self.model.m.add_hint(self.model.m.get_int_var_from_proto_index(index), value)
        else:
            for key, var in self.model.x.items():
                self.model.m.add_hint(var, hint.get(key, 0))
        solver = cp_model.CpSolver()
        solver.parameters.max_time_in_seconds = seconds
        solver.parameters.num_workers = 1
        solver.parameters.random_seed = seed
        # presolve may drop solutions it proves are dominated, the hint among them: keep them, so that the tree
        # search starts from the plan the last stage (or the local search) found
        solver.parameters.keep_all_feasible_solutions_in_presolve = True
        # on a big model (a large compound's week) presolve costs seconds and saves less than that
        solver.parameters.cp_model_presolve = len(self.model.x) <= PRESOLVE_MAX_VARIABLES
        if local:
            solver.parameters.use_ls_only = True
            solver.parameters.max_deterministic_time = LOCAL_SEARCH_DTIME
        elif dtime is not None:
            solver.parameters.max_deterministic_time = dtime
        status = solver.solve(self.model.m)
        solver.optimal = status == cp_model.OPTIMAL and not local  # a local search proves nothing
        return solver if status in (cp_model.OPTIMAL, cp_model.FEASIBLE) else None


def _whole(solver: cp_model.CpSolver | None) -> list[int] | None:
    return list(solver.response_proto.solution) if solver is not None else None


def _better(a: cp_model.CpSolver, b: cp_model.CpSolver, maximise: bool) -> bool:
    return a.objective_value > b.objective_value if maximise else a.objective_value < b.objective_value
