-- The newest audit entry's id: every write adds one, so it versions the data for caches.
SELECT coalesce(max(id), 0) FROM audit_log
