-- PostgreSQL's spelling of sequences.sql: every sequence of the public schema with the last value it handed out (NULL if none yet).
SELECT sequencename AS sequence_name, last_value FROM pg_sequences WHERE schemaname = 'public' ORDER BY 1
