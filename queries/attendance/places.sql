-- Every roster place of a compound's gate shifts starting in [from, to), with its attendance and any stand-in covering it.
SELECT s.id AS shift_id, s.gate_id, g.name AS gate_zh, g.name_en AS gate_en, g.sort_order AS gate_order,
       s.starts_at, s.ends_at, p.id AS person_id, p.name, p.tier, p.group_code, p.status AS person_status,
       a.status, a.checked_in_at, a.checked_out_at,
       sb.person_id AS stand_in_id, sp.name AS stand_in_name, sb.checked_in_at AS stand_in_checked_in_at
FROM shift_assignment r
JOIN gate_shift s ON s.id = r.shift_id
JOIN gate g ON g.id = s.gate_id
JOIN person p ON p.id = r.person_id
LEFT JOIN attendance a ON a.shift_id = r.shift_id AND a.person_id = r.person_id
LEFT JOIN attendance sb ON sb.shift_id = r.shift_id AND sb.covers_person_id = r.person_id
LEFT JOIN person sp ON sp.id = sb.person_id
WHERE g.compound_id = $compound_id AND s.starts_at >= $from AND s.starts_at < $to
ORDER BY s.starts_at, g.sort_order, s.id, p.id
