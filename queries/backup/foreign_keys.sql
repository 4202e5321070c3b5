-- Foreign keys of the main schema: (table, referenced table, columns, referenced columns), to load parents first.
SELECT table_name, referenced_table, constraint_column_names, referenced_column_names FROM duckdb_constraints()
WHERE database_name = current_database() AND schema_name = 'main' AND constraint_type = 'FOREIGN KEY'
