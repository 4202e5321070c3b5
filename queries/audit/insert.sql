-- Append one audit entry; called only by Database.transaction, inside the write it records.
INSERT INTO audit_log (logged_at, actor, action, table_name, row_key, before, after, batch, compound_id)
VALUES ($at, $actor, $action, $table_name, $row_key, $before, $after, $batch, $compound_id)
