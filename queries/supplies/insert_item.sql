-- A new supply item of a compound with its units and minimum stock, none in stock yet.
INSERT INTO supply (compound_id, name_zh, name_en, unit_zh, unit_en, quantity, min_stock)
VALUES ($compound_id, $name_zh, $name_en, $unit_zh, $unit_en, 0, $min_stock)
RETURNING id
