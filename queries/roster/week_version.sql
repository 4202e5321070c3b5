-- The saved version of one compound's roster week, with who saved it and when (no row: never saved, version 0).
SELECT version, saved_by, saved_at FROM roster_week WHERE compound_id = $compound_id AND week_start = $week_start
