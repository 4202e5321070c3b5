-- One stock movement: a receipt (positive, with its donor) or an issue (negative, with its receiver).
INSERT INTO stock_movement (supply_id, moved_at, delta, source, note, to_gate_id, to_building_id, to_group)
VALUES ($supply_id, $moved_at, $delta, $source, $note, $to_gate_id, $to_building_id, $to_group)
RETURNING id
