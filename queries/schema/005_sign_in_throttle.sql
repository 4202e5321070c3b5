-- Sign-in failures counted per bucket (an account, an account from one source, one source) and a credential version that ends every session of an account when its password changes.
CREATE TABLE sign_in_throttle (
    kind         VARCHAR NOT NULL CHECK (kind IN ('name', 'pair', 'source')),
    name_key     VARCHAR NOT NULL,  -- the account's user name, a keyed hash of a name that is no account, '' for a source
    source       VARCHAR NOT NULL,  -- the client's address, '' for an account's own bucket
    failures     INTEGER NOT NULL,
    locked_until TIMESTAMP,
    last_attempt TIMESTAMP NOT NULL,
    PRIMARY KEY (kind, name_key, source)
);
-- a lock still in force when this migration runs carries over
INSERT INTO sign_in_throttle (kind, name_key, source, failures, locked_until, last_attempt)
SELECT 'name', username, '', greatest(failed_attempts, 1), locked_until, locked_until
FROM app_user WHERE locked_until IS NOT NULL;
ALTER TABLE app_user ADD COLUMN credential_version INTEGER DEFAULT 0;
