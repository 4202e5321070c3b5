-- The buildings of one compound in their order.
SELECT id, code, households, residents FROM building WHERE compound_id = $compound_id ORDER BY sort_order, code
