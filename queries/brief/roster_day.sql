-- Gate shifts of one compound starting in [from, to), one row per person on each (none for an empty shift), with who counts.
SELECT s.id AS shift_id, g.name AS gate, g.name_en AS gate_en, g.sort_order AS gate_order, s.starts_at, s.ends_at,
       s.required, p.id AS person_id, p.name,
       (p.status = 'active' OR s.starts_at::DATE < p.status_since) AS counts
FROM gate_shift s
JOIN gate g ON g.id = s.gate_id
LEFT JOIN shift_assignment a ON a.shift_id = s.id
LEFT JOIN person p ON p.id = a.person_id
WHERE g.compound_id = $compound_id AND s.starts_at >= $from AND s.starts_at < $to
ORDER BY s.starts_at, g.sort_order, p.name
