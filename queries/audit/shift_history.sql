-- Who changed the crew of one gate shift, and when, newest first.
SELECT logged_at, actor, action, row_key, before, after
FROM audit_log
WHERE table_name = 'shift_assignment' AND starts_with(row_key, $prefix)
ORDER BY id DESC
