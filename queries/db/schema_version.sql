-- The newest migration applied to the database, 0 when none is recorded.
SELECT coalesce(max(version), 0) FROM schema_migration
