-- Gate places of one compound in [from, to) held by people off sick or quarantined on $day (their status in force by then).
SELECT a.shift_id, p.id AS person_id, p.name, p.status, s.starts_at, s.ends_at, g.name AS gate, g.name_en AS gate_en
FROM shift_assignment a
JOIN gate_shift s ON s.id = a.shift_id
JOIN gate g ON g.id = s.gate_id
JOIN person p ON p.id = a.person_id
WHERE g.compound_id = $compound_id AND s.starts_at >= $from AND s.starts_at < $to
  AND p.status IN ('sick', 'quarantined') AND (p.status_since IS NULL OR p.status_since <= $day)
  AND (p.status_since IS NULL OR s.starts_at::DATE >= p.status_since)
ORDER BY s.starts_at, g.sort_order, p.name
