-- Add a daily shift template to a gate.
INSERT INTO shift_template (gate_id, starts, hours, required) VALUES ($gate_id, $starts, $hours, $required)
