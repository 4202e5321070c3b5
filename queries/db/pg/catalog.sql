-- The public schema's tables with their columns in order: what the few statements on identifiers are checked against.
SELECT table_name, array_agg(column_name::TEXT ORDER BY ordinal_position) AS columns
FROM information_schema.columns
WHERE table_schema = 'public'
GROUP BY table_name
ORDER BY table_name
