-- One user by user name, with the fields sign-in needs.
SELECT id, username, role, password_hash, active, failed_attempts, locked_until FROM app_user WHERE username = $username
