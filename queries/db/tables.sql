-- Every table of the opened database, in any schema: a file that holds tables but not ours belongs to another application.
SELECT schema_name, table_name FROM duckdb_tables() WHERE database_name = current_database() AND NOT temporary ORDER BY schema_name, table_name
