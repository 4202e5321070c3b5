-- Replace a user's password hash and move the credential version on, which ends every session signed in with the old one.
UPDATE app_user SET password_hash = $password_hash, credential_version = credential_version + 1 WHERE username = $username RETURNING credential_version
