-- One user by id as the database holds them now, for re-checking a signed-in session: name, role, active, credential version.
SELECT id, username, role, active, credential_version FROM app_user WHERE id = $id
