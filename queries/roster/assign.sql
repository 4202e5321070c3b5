-- Put a person on a gate shift, with the reason a planner gave for accepting a soft rule (or NULL).
INSERT INTO shift_assignment (shift_id, person_id, accepted_reason) VALUES ($shift_id, $person_id, $accepted_reason)
