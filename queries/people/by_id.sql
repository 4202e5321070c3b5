-- One person with their compound and status.
SELECT id, compound_id, name, tier, group_code, status, status_since, status_note FROM person WHERE id = $id
