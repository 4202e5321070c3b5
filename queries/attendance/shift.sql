-- One gate shift with its gate and compound, for the attendance writes.
SELECT s.id AS shift_id, s.gate_id, g.compound_id, g.name AS gate_zh, g.name_en AS gate_en, s.starts_at, s.ends_at,
       s.required
FROM gate_shift s JOIN gate g ON g.id = s.gate_id
WHERE s.id = $shift_id
