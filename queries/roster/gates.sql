-- The gates of one compound in their order.
SELECT id, name, name_en, opens, closes FROM gate WHERE compound_id = $compound_id ORDER BY sort_order, name
