-- A new resident request at intake (status new), returning its id.
INSERT INTO resident_request (building_id, unit, contact_phone, kind, urgency, status, description, created_at, due_at)
VALUES ($building_id, $unit, $contact_phone, $kind, $urgency, 'new', $description, $created_at, $due_at)
RETURNING id
