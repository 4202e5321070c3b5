-- The attendance records (roster members and stand-ins) of a compound's gate shifts that overlap [from, to), with each person: the 今日到岗 list's state.
SELECT a.shift_id, s.gate_id, a.person_id, p.name, p.phone, p.tier, p.status AS person_status, a.status,
       a.checked_in_at, a.checked_out_at, a.covers_person_id
FROM attendance a
JOIN gate_shift s ON s.id = a.shift_id
JOIN gate g ON g.id = s.gate_id
JOIN person p ON p.id = a.person_id
WHERE g.compound_id = $compound_id AND s.ends_at > $from AND s.starts_at < $to
ORDER BY a.shift_id, p.name, a.person_id
