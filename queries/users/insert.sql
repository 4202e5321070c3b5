-- Add a user; the password arrives already hashed.
INSERT INTO app_user (username, role, password_hash, active, created_at) VALUES ($username, $role, $password_hash, TRUE, $at) RETURNING id
