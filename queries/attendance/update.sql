-- Change a person's attendance at a gate shift: status, times, note, and who recorded it when.
UPDATE attendance
SET status = $status, checked_in_at = $checked_in_at, checked_out_at = $checked_out_at, note = $note,
    recorded_by = $recorded_by, recorded_at = $recorded_at
WHERE shift_id = $shift_id AND person_id = $person_id
