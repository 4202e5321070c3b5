-- Record a save of a roster week: the version goes up by one.
INSERT INTO roster_week (compound_id, week_start, version, saved_by, saved_at) VALUES ($compound_id, $week_start, 1, $saved_by, $saved_at)
ON CONFLICT (compound_id, week_start) DO UPDATE SET version = roster_week.version + 1, saved_by = excluded.saved_by, saved_at = excluded.saved_at
RETURNING version
