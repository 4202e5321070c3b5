-- Append all audit entries of one transaction in one statement; called only by Database.transaction.
-- One list per column, unnested side by side from a single row: one thread emits the rows in list order, so the ids
-- (audit_id_seq, drawn as each row is inserted) follow the order in which the entries were recorded.
INSERT INTO audit_log (logged_at, actor, action, table_name, row_key, before, after, batch, compound_id)
SELECT $at, $actor,
       unnest($action::VARCHAR[]), unnest($table_name::VARCHAR[]), unnest($row_key::VARCHAR[]),
       unnest($before::VARCHAR[]), unnest($after::VARCHAR[]), unnest($batch::BIGINT[]),
       $compound_id
