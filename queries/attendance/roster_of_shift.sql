-- Who the roster puts on one gate shift.
SELECT person_id FROM shift_assignment WHERE shift_id = $shift_id ORDER BY person_id
