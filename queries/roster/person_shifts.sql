-- One person's gate shifts starting at or after a moment, in time order.
SELECT s.id AS shift_id, g.name AS gate, g.name_en AS gate_en, s.starts_at, s.ends_at
FROM shift_assignment a JOIN gate_shift s ON s.id = a.shift_id JOIN gate g ON g.id = s.gate_id
WHERE a.person_id = $person_id AND s.starts_at >= $from
ORDER BY s.starts_at
