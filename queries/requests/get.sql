-- One resident request with its building's compound, as a write reads it before changing it.
SELECT r.id, b.compound_id, r.building_id, b.code AS building, r.unit, r.contact_phone, r.kind, r.urgency, r.status,
       r.assignee_id, r.description, r.created_at, r.due_at, r.done_at, r.fail_reason
FROM resident_request r JOIN building b ON b.id = r.building_id
WHERE r.id = $id
