-- Record a migration as applied, in the same transaction as its statements.
INSERT INTO schema_migration (version, name, applied_at) VALUES ($version, $name, $applied_at)
