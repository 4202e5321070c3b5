-- The main schema's tables with their columns in order: what the few statements on identifiers are checked against.
SELECT t.table_name, list(c.column_name ORDER BY c.column_index) AS columns
FROM duckdb_tables() t
JOIN duckdb_columns() c ON c.database_name = t.database_name AND c.schema_name = t.schema_name AND c.table_name = t.table_name
WHERE t.database_name = current_database() AND t.schema_name = 'main' AND NOT t.temporary
GROUP BY t.table_name
ORDER BY t.table_name
