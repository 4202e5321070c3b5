-- Count a failed sign-in and lock the account until the given time (NULL: no lock).
UPDATE app_user SET failed_attempts = $failed_attempts, locked_until = $locked_until WHERE id = $id
