-- Record that a person cannot take shifts in [starts_at, ends_at); returns the new row's id.
INSERT INTO availability (person_id, starts_at, ends_at, available, note)
VALUES ($person_id, $starts_at, $ends_at, FALSE, $note)
RETURNING id
