-- Forget sign-in failures: the account's own count and the given source's (every source's with $everywhere) after a success, a new password or an unlock, and every count that has run out.
DELETE FROM sign_in_throttle
WHERE (name_key = $username AND (kind = 'name' OR source = $source OR $everywhere))
   OR (last_attempt <= $window_start AND (locked_until IS NULL OR locked_until <= $now))
