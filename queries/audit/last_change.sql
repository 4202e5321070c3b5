-- Who last changed a table for one compound, and when.
SELECT actor, logged_at FROM audit_log WHERE table_name = $table_name AND compound_id = $compound_id ORDER BY id DESC LIMIT 1
