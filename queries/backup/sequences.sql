-- Every sequence of the main schema with the last value it handed out (NULL if none yet), by name.
SELECT sequence_name, last_value FROM duckdb_sequences() WHERE database_name = current_database() AND schema_name = 'main' ORDER BY 1
