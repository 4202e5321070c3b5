-- Every user, without password hashes, for the admin's list.
SELECT id, username, role, active, failed_attempts, locked_until, created_at FROM app_user ORDER BY username
