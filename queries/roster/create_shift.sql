-- Create a gate shift unless one already starts at that gate at that moment (so generating twice adds nothing).
INSERT INTO gate_shift (gate_id, starts_at, ends_at, required) VALUES ($gate_id, $starts_at, $ends_at, $required)
ON CONFLICT (gate_id, starts_at) DO NOTHING
RETURNING id
