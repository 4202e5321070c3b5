-- One supply item with its stock, as a movement reads it before changing it.
SELECT id, compound_id, name_zh, name_en, unit_zh, unit_en, quantity, min_stock FROM supply WHERE id = $id
