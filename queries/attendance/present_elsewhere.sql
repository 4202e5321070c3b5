-- A person's check-ins at other gate shifts whose times overlap [starts_at, ends_at), for the no-two-places rule.
SELECT a.shift_id, g.name AS gate_zh, g.name_en AS gate_en, s.starts_at, s.ends_at, a.checked_in_at, a.checked_out_at
FROM attendance a
JOIN gate_shift s ON s.id = a.shift_id
JOIN gate g ON g.id = s.gate_id
WHERE a.person_id = $person_id AND a.shift_id <> $shift_id AND a.status <> 'absent'
  AND s.starts_at < $ends_at AND s.ends_at > $starts_at
ORDER BY s.starts_at
