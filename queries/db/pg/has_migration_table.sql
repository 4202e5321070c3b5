-- Whether the table that records applied migrations exists yet (a new database has none).
SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public' AND table_name = 'schema_migration'
