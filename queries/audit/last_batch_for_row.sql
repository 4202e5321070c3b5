-- The newest batch of an action in one compound that wrote a given row and has not been undone yet.
SELECT batch, max(logged_at) AS logged_at, min(actor) AS actor
FROM audit_log
WHERE action = $action AND compound_id = $compound_id AND batch IN (
    SELECT batch FROM audit_log WHERE table_name = $table_name AND row_key = $row_key AND compound_id = $compound_id)
  AND batch NOT IN (
    SELECT CAST(CAST(after AS JSON) ->> 'undo_of' AS BIGINT) FROM audit_log
    WHERE action = 'undo' AND compound_id = $compound_id AND (CAST(after AS JSON) ->> 'undo_of') IS NOT NULL)
GROUP BY batch
ORDER BY batch DESC
LIMIT 1
