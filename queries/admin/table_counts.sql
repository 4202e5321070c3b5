-- Rows in each table that holds the compound's data, for `coordpanel info` and the demo's audit entry.
SELECT 'compound' AS table_name, count(*) AS rows FROM compound
UNION ALL SELECT 'building', count(*) FROM building
UNION ALL SELECT 'gate', count(*) FROM gate
UNION ALL SELECT 'person', count(*) FROM person
UNION ALL SELECT 'building_assignment', count(*) FROM building_assignment
UNION ALL SELECT 'gate_shift', count(*) FROM gate_shift
UNION ALL SELECT 'shift_assignment', count(*) FROM shift_assignment
UNION ALL SELECT 'resident_request', count(*) FROM resident_request
UNION ALL SELECT 'supply', count(*) FROM supply
UNION ALL SELECT 'stock_movement', count(*) FROM stock_movement
UNION ALL SELECT 'case_report', count(*) FROM case_report
UNION ALL SELECT 'grid_chat_group', count(*) FROM grid_chat_group
UNION ALL SELECT 'app_user', count(*) FROM app_user
UNION ALL SELECT 'audit_log', count(*) FROM audit_log
