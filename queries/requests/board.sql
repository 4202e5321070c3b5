-- Every resident request of one compound with its building and assignee, for the board, the figures and the export.
SELECT r.id, r.building_id, b.code AS building, b.sort_order AS building_order, r.unit, r.contact_phone, r.kind,
       r.urgency, r.status, r.assignee_id, p.name AS assignee, p.group_code AS assignee_group, r.description,
       r.created_at, r.due_at, r.done_at, r.fail_reason
FROM resident_request r
JOIN building b ON b.id = r.building_id
LEFT JOIN person p ON p.id = r.assignee_id
WHERE b.compound_id = $compound_id
ORDER BY r.id
