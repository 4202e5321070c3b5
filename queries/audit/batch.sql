-- Every entry of one audit batch, in the order written.
SELECT id, table_name, row_key, before, after FROM audit_log WHERE batch = $batch ORDER BY id
