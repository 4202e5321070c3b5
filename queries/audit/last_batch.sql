-- The newest batch of a given action in one compound that has not been undone yet, with when and who.
SELECT batch, max(logged_at) AS logged_at, any_value(actor) AS actor
FROM audit_log
WHERE action = $action AND compound_id = $compound_id AND batch NOT IN (
    SELECT CAST(json_extract_string(after, '$.undo_of') AS BIGINT) FROM audit_log
    WHERE action = 'undo' AND compound_id = $compound_id AND json_extract_string(after, '$.undo_of') IS NOT NULL)
GROUP BY batch
ORDER BY batch DESC
LIMIT 1
