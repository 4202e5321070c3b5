-- Remove one declared unavailability of a person of the compound; returns what was removed.
DELETE FROM availability
WHERE id = $id AND NOT available AND person_id IN (SELECT id FROM person WHERE compound_id = $compound_id)
RETURNING id, person_id, starts_at, ends_at, available, note
