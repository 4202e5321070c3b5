-- One gate by id, to check a gate given to a user exists.
SELECT id, compound_id, name FROM gate WHERE id = $id
