-- Gate shifts of one compound that overlap [from, to) (a day), each with the people on it: the 今日到岗 list, by gate and time.
SELECT s.id AS shift_id, g.id AS gate_id, g.name AS gate, g.name_en AS gate_en, s.starts_at, s.ends_at, s.required,
       p.id AS person_id, p.name, p.phone, p.tier, p.status
FROM gate_shift s
JOIN gate g ON g.id = s.gate_id
LEFT JOIN shift_assignment a ON a.shift_id = s.id
LEFT JOIN person p ON p.id = a.person_id
WHERE g.compound_id = $compound_id AND s.ends_at > $from AND s.starts_at < $to
ORDER BY g.sort_order, g.name, s.starts_at, p.name, p.id
