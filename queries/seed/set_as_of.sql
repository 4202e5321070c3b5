-- The dataset's "as of" moment (JSON text), which the pages treat as now.
INSERT OR REPLACE INTO setting (key, value) VALUES ('as_of', $value)
