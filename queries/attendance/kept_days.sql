-- The days on which a compound's gate shifts starting in [from, to) have any attendance record made by $now: the days attendance was kept.
SELECT DISTINCT CAST(s.starts_at AS DATE) AS day
FROM attendance a
JOIN gate_shift s ON s.id = a.shift_id
JOIN gate g ON g.id = s.gate_id
WHERE g.compound_id = $compound_id AND s.starts_at >= $from AND s.starts_at < $to AND a.recorded_at <= $now
ORDER BY day
