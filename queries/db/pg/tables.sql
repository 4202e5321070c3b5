-- Every table of the PostgreSQL database outside the system schemas: one that holds tables but not ours belongs to another application.
SELECT CASE table_schema WHEN 'public' THEN 'main' ELSE table_schema END AS schema_name, table_name
FROM information_schema.tables
WHERE table_schema NOT IN ('pg_catalog', 'information_schema') AND table_type = 'BASE TABLE'
ORDER BY schema_name, table_name
