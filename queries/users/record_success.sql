-- A successful sign-in clears the failure count and any lock.
UPDATE app_user SET failed_attempts = 0, locked_until = NULL WHERE id = $id
