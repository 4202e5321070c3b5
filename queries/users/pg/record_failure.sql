-- Count a sign-in attempt in a throttle bucket in one statement (PostgreSQL: the parameters typed, since a NULL $lock_until would be text in a CASE).
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
