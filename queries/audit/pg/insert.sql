-- Append all audit entries of one transaction in one statement (PostgreSQL: the parameters typed, arrays zipped by unnest).
INSERT INTO audit_log (logged_at, actor, action, table_name, row_key, before, after, batch, compound_id)
SELECT $at::TIMESTAMP, $actor::VARCHAR, e.action, e.table_name, e.row_key, e.before, e.after, e.batch, $compound_id::INTEGER
FROM unnest($action::VARCHAR[], $table_name::VARCHAR[], $row_key::VARCHAR[], $before::VARCHAR[], $after::VARCHAR[],
            $batch::BIGINT[]) WITH ORDINALITY AS e(action, table_name, row_key, before, after, batch, n)
ORDER BY e.n
