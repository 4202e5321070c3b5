-- The demo's requests given intake details: a unit, an invented contact number, urgency and a due time by kind (the other checked columns set to themselves, as DuckDB's CHECK needs).
UPDATE resident_request
SET unit = CAST(id % 4 + 1 AS VARCHAR) || '单元' || CAST(id % 28 + 2 AS VARCHAR) || '0' || CAST(id % 4 + 1 AS VARCHAR),
    contact_phone = '1550000' || lpad(CAST(id % 10000 AS VARCHAR), 4, '0'),
    urgency = CASE WHEN kind IN ('medicine', 'escort') THEN 'urgent' ELSE 'normal' END,
    due_at = created_at + CASE WHEN kind IN ('medicine', 'escort') THEN INTERVAL '12 hours' ELSE INTERVAL '24 hours' END,
    created_at = created_at, status = status, assignee_id = assignee_id, done_at = done_at, fail_reason = fail_reason
WHERE building_id IN (SELECT id FROM building WHERE compound_id = $compound_id)
