-- Every attendance record (roster members and stand-ins) of a compound's gate shifts starting in [from, to).
SELECT a.shift_id, s.gate_id, g.name AS gate_zh, g.name_en AS gate_en, s.starts_at, s.ends_at, a.person_id,
       a.status, a.checked_in_at, a.checked_out_at, a.covers_person_id, a.recorded_by, a.recorded_at, a.note
FROM attendance a
JOIN gate_shift s ON s.id = a.shift_id
JOIN gate g ON g.id = s.gate_id
WHERE g.compound_id = $compound_id AND s.starts_at >= $from AND s.starts_at < $to
ORDER BY s.starts_at, g.sort_order, a.shift_id, a.person_id
