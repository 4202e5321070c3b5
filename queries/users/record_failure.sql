-- Count a sign-in attempt in a throttle bucket in one statement ($add = 1, before the password is checked, so parallel guesses each count; -1 takes a right one back) or only lock it ($add = 0, after a wrong password); the bucket locks once its count reaches $lock_from, and a run-out lock or a count older than $window_start starts again.
INSERT INTO sign_in_throttle (kind, name_key, source, failures, locked_until, last_attempt)
VALUES ($kind, $name_key, $source, greatest($add, 0), CASE WHEN $add >= $lock_from THEN $lock_until END, $now)
ON CONFLICT (kind, name_key, source) DO UPDATE SET
    failures = greatest(0, CASE
        WHEN sign_in_throttle.locked_until > $now THEN sign_in_throttle.failures + $add
        WHEN sign_in_throttle.locked_until IS NOT NULL OR sign_in_throttle.last_attempt <= $window_start THEN $add
        ELSE sign_in_throttle.failures + $add END),
    locked_until = CASE
        WHEN sign_in_throttle.locked_until > $now THEN sign_in_throttle.locked_until
        WHEN sign_in_throttle.locked_until IS NOT NULL OR sign_in_throttle.last_attempt <= $window_start
            THEN CASE WHEN $add >= $lock_from THEN $lock_until END
        WHEN sign_in_throttle.failures + $add >= $lock_from THEN $lock_until END,
    last_attempt = $now
RETURNING failures, locked_until
