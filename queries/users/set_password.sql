-- Replace a user's password hash and clear any lock.
UPDATE app_user SET password_hash = $password_hash, failed_attempts = 0, locked_until = NULL WHERE username = $username
