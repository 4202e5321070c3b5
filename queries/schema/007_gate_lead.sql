-- The gate lead (门岗组长) role and the gates given to a user. DuckDB cannot alter a CHECK: app_user is rebuilt with
-- the new role list (same columns in the same order, same rows, the same id sequence), then user_gate refers to it.
CREATE TABLE app_user_new (
    id              INTEGER PRIMARY KEY DEFAULT nextval('app_user_id_seq'),
    username        VARCHAR NOT NULL UNIQUE CHECK (regexp_full_match(username, '[A-Za-z0-9_.@-]{2,80}')),
    role            VARCHAR NOT NULL CHECK (role IN ('leader', 'planner', 'admin', 'gatelead')),
    password_hash   VARCHAR NOT NULL CHECK (starts_with(password_hash, '$argon2id$')),
    active          BOOLEAN NOT NULL DEFAULT TRUE,
    failed_attempts INTEGER NOT NULL DEFAULT 0,
    locked_until    TIMESTAMP,
    created_at      TIMESTAMP NOT NULL,
    credential_version INTEGER DEFAULT 0
);
INSERT INTO app_user_new (id, username, role, password_hash, active, failed_attempts, locked_until, created_at,
                          credential_version)
SELECT id, username, role, password_hash, active, failed_attempts, locked_until, created_at, credential_version
FROM app_user;
DROP TABLE app_user;
ALTER TABLE app_user_new RENAME TO app_user;

-- The gates a gate lead records attendance at; other roles have none.
CREATE TABLE user_gate (
    user_id  INTEGER NOT NULL REFERENCES app_user(id),
    gate_id  INTEGER NOT NULL REFERENCES gate(id),
    PRIMARY KEY (user_id, gate_id)
);
