-- The users and tables that occur in the audit log, and its time span, for the audit page's filters.
SELECT array_agg(DISTINCT actor ORDER BY actor) AS actors,
       array_agg(DISTINCT table_name ORDER BY table_name) FILTER (WHERE table_name IS NOT NULL) AS tables,
       min(logged_at) AS first, max(logged_at) AS last
FROM audit_log
