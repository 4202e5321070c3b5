-- The snapshot's schema version, for the manifest (NULL if no migration is recorded).
SELECT max(version) FROM schema_migration
