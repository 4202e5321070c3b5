-- The newest batch of a given action in one compound that has not been undone yet, with when and who.
SELECT batch, max(logged_at) AS logged_at, min(actor) AS actor
FROM audit_log
WHERE action = $action AND compound_id = $compound_id AND batch NOT IN (
    SELECT CAST(CAST(after AS JSON) ->> 'undo_of' AS BIGINT) FROM audit_log
    WHERE action = 'undo' AND compound_id = $compound_id AND (CAST(after AS JSON) ->> 'undo_of') IS NOT NULL)
GROUP BY batch
ORDER BY batch DESC
LIMIT 1
