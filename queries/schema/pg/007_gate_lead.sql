-- (PostgreSQL's spelling of 007_gate_lead.sql: PostgreSQL alters the role CHECK in place, no rebuild.)
ALTER TABLE app_user DROP CONSTRAINT app_user_role_check;
ALTER TABLE app_user ADD CONSTRAINT app_user_role_check CHECK (role IN ('leader', 'planner', 'admin', 'gatelead'));

-- The gates a gate lead records attendance at; other roles have none.
CREATE TABLE user_gate (
    user_id  INTEGER NOT NULL REFERENCES app_user(id),
    gate_id  INTEGER NOT NULL REFERENCES gate(id),
    PRIMARY KEY (user_id, gate_id)
);
