"""The auto-scheduler: fills a roster week's open places with CP-SAT under the roster rules, and explains the rest.

problem.py (what it works on, built from a loaded week), model.py (the CP-SAT model), search.py (its objectives
solved in order), greedy.py (the least-hours-first baseline: the solver's starting plan and the benchmark's
comparison), explain.py (why a place stays open, in words), plan.py (plan a week from the database, save a plan)."""

from coordpanel.roster.scheduler import explain, greedy, model, plan, problem, search  # noqa: F401
