-- Every setting as (key, JSON text).
SELECT key, value FROM setting ORDER BY key
