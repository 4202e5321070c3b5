-- Remove every shift template of one gate (they are rewritten as a whole).
DELETE FROM shift_template WHERE gate_id = $gate_id
