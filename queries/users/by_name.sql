-- One user by user name, with the fields sign-in needs.
SELECT id, username, role, password_hash, active, credential_version FROM app_user WHERE username = $username
