-- Who stands the gates of one compound in [from, to): person-shifts and hours per tier.
SELECT p.tier, count(*) AS person_shifts, count(DISTINCT p.id) AS people,
       sum(extract(epoch FROM s.ends_at - s.starts_at)) / 3600.0 AS hours
FROM shift_assignment a
JOIN gate_shift s ON s.id = a.shift_id
JOIN gate g ON g.id = s.gate_id
JOIN person p ON p.id = a.person_id
WHERE g.compound_id = $compound_id AND s.starts_at >= $from AND s.starts_at < $to
GROUP BY p.tier
