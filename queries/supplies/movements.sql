-- Stock movements of one compound, newest first, with the item and the receiver's name (gate, building or group).
SELECT m.id, m.supply_id, s.name_zh, s.name_en, s.unit_zh, s.unit_en, m.moved_at, m.delta, m.source, m.note,
       m.to_gate_id, g.name AS gate_zh, g.name_en AS gate_en, m.to_building_id, b.code AS building,
       m.to_group, grp.name_zh AS group_zh, grp.name_en AS group_en
FROM stock_movement m
JOIN supply s ON s.id = m.supply_id
LEFT JOIN gate g ON g.id = m.to_gate_id
LEFT JOIN building b ON b.id = m.to_building_id
LEFT JOIN person_group grp ON grp.code = m.to_group
WHERE s.compound_id = $compound_id
ORDER BY m.moved_at DESC, m.id DESC
