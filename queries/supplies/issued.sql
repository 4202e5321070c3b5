-- Per item of one compound, the quantity issued in [from, to).
SELECT s.id AS supply_id, coalesce(sum(-m.delta), 0) AS issued
FROM supply s LEFT JOIN stock_movement m ON m.supply_id = s.id AND m.delta < 0 AND m.moved_at >= $from AND m.moved_at < $to
WHERE s.compound_id = $compound_id
GROUP BY s.id
ORDER BY s.id
