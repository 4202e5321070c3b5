-- Audit entries, newest first, filtered by user, table and a [from, to) time range (a NULL filter matches all).
SELECT id, logged_at, actor, action, table_name, row_key, before, after
FROM audit_log
WHERE (CAST($actor AS VARCHAR) IS NULL OR actor = $actor)
  AND (CAST($table_name AS VARCHAR) IS NULL OR table_name = $table_name)
  AND logged_at >= $from AND logged_at < $to
ORDER BY id DESC
LIMIT $limit
