-- The shift templates of one compound's gates: each gate's daily shifts (start, hours, required headcount).
SELECT t.id, t.gate_id, g.name AS gate, t.starts, t.hours, t.required
FROM shift_template t JOIN gate g ON g.id = t.gate_id
WHERE g.compound_id = $compound_id
ORDER BY g.sort_order, t.starts
