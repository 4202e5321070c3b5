-- Record a person's attendance at a gate shift (a stand-in names the roster member whose place they cover).
INSERT INTO attendance (shift_id, person_id, status, checked_in_at, checked_out_at, covers_person_id, recorded_by,
                        recorded_at, note)
VALUES ($shift_id, $person_id, $status, $checked_in_at, $checked_out_at, $covers_person_id, $recorded_by,
        $recorded_at, $note)
