-- Supplies of one compound with their stock and minimum; items below the minimum first.
SELECT id, name_zh, name_en, unit_zh, unit_en, quantity, min_stock, quantity < min_stock AS low
FROM supply
WHERE compound_id = $compound_id
ORDER BY low DESC, id
