-- Record a person's status (active, sick, quarantined, left) from a date, with a note.
UPDATE person SET status = $status, status_since = $since, status_note = $note WHERE id = $id
