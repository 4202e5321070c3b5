-- A request's status, assignee, closing moment and failure reason, set together by one write (created_at and due_at are set to themselves: DuckDB checks a CHECK only with all its columns in the update).
UPDATE resident_request
SET status = $status, assignee_id = $assignee_id, done_at = $done_at, fail_reason = $fail_reason,
    created_at = created_at, due_at = due_at
WHERE id = $id
