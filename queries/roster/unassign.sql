-- Take a person off a gate shift.
DELETE FROM shift_assignment WHERE shift_id = $shift_id AND person_id = $person_id
