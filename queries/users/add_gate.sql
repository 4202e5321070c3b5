-- Give a user one gate.
INSERT INTO user_gate (user_id, gate_id) VALUES ($user_id, $gate_id)
