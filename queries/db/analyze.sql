-- Refresh the planner's statistics after a bulk load (PostgreSQL plans a compound's reads by them).
ANALYZE
