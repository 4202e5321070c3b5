-- Change a user's role and whether they may sign in.
UPDATE app_user SET role = $role, active = $active WHERE username = $username
