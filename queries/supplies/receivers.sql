-- Who can receive an issue in one compound: its gates, its buildings and every group, in that order.
SELECT 'gate' AS kind, CAST(id AS VARCHAR) AS code, name AS name_zh, coalesce(name_en, name) AS name_en, 1 AS kind_order,
       sort_order
FROM gate WHERE compound_id = $compound_id
UNION ALL
SELECT 'building', CAST(id AS VARCHAR), code, code, 2, sort_order FROM building WHERE compound_id = $compound_id
UNION ALL
SELECT 'group', code, name_zh, name_en, 3, sort_order FROM person_group
ORDER BY kind_order, sort_order, code
