-- Count a sign-in attempt in a throttle bucket in one statement ($add = 1, before the password is checked, so parallel guesses each count; -1 takes a right one back) or only lock it ($add = 0, after a wrong password); the bucket locks once its count reaches $lock_from, and a run-out lock or a count older than $window_start starts again. The parameters are typed: PostgreSQL reads a NULL $lock_until in a CASE as text.
INSERT INTO sign_in_throttle (kind, name_key, source, failures, locked_until, last_attempt)
VALUES ($kind, $name_key, $source, greatest(CAST($add AS INTEGER), 0), CASE WHEN CAST($add AS INTEGER) >= CAST($lock_from AS INTEGER) THEN CAST($lock_until AS TIMESTAMP) END, CAST($now AS TIMESTAMP))
ON CONFLICT (kind, name_key, source) DO UPDATE SET
    failures = greatest(0, CASE
        WHEN sign_in_throttle.locked_until > CAST($now AS TIMESTAMP) THEN sign_in_throttle.failures + CAST($add AS INTEGER)
        WHEN sign_in_throttle.locked_until IS NOT NULL OR sign_in_throttle.last_attempt <= CAST($window_start AS TIMESTAMP) THEN CAST($add AS INTEGER)
        ELSE sign_in_throttle.failures + CAST($add AS INTEGER) END),
    locked_until = CASE
        WHEN sign_in_throttle.locked_until > CAST($now AS TIMESTAMP) THEN sign_in_throttle.locked_until
        WHEN sign_in_throttle.locked_until IS NOT NULL OR sign_in_throttle.last_attempt <= CAST($window_start AS TIMESTAMP)
            THEN CASE WHEN CAST($add AS INTEGER) >= CAST($lock_from AS INTEGER) THEN CAST($lock_until AS TIMESTAMP) END
        WHEN sign_in_throttle.failures + CAST($add AS INTEGER) >= CAST($lock_from AS INTEGER) THEN CAST($lock_until AS TIMESTAMP) END,
    last_attempt = CAST($now AS TIMESTAMP)
RETURNING failures, locked_until
