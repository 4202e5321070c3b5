-- Who is on each gate shift of one compound starting in [from, to).
SELECT a.shift_id, a.person_id, a.accepted_reason
FROM shift_assignment a
JOIN gate_shift s ON s.id = a.shift_id
JOIN gate g ON g.id = s.gate_id
WHERE g.compound_id = $compound_id AND s.starts_at >= $from AND s.starts_at < $to
ORDER BY a.shift_id, a.person_id
