-- Whether the table that records applied migrations exists yet (a new database file has none).
SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_migration'
