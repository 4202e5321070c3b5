-- The dataset's "as of" moment (JSON text), which the pages treat as now.
INSERT INTO setting (key, value) VALUES ('as_of', $value) ON CONFLICT (key) DO UPDATE SET value = excluded.value
