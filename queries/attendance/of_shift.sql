-- The attendance records of one gate shift.
SELECT shift_id, person_id, status, checked_in_at, checked_out_at, covers_person_id, recorded_by, recorded_at, note
FROM attendance WHERE shift_id = $shift_id ORDER BY person_id
