-- The fixed vocabulary of the domain (tiers, groups) and the rules' default settings.

INSERT INTO tier (code, name_zh, name_en, sort_order, covers_building) VALUES
    ('grid',      '社区网格员', 'Grid workers',      1, TRUE),
    ('property',  '物业',       'Property company',  2, TRUE),
    ('volunteer', '志愿者',     'Volunteers',        3, TRUE),
    ('cadre',     '下沉党员',   'Sent-down cadres',  4, FALSE);

INSERT INTO person_group (code, tier, name_zh, name_en, gate_eligible, sort_order) VALUES
    ('grid_worker', 'grid',      '社区网格员',     'Grid workers',            FALSE, 1),
    ('security',    'property',  '秩序维护（安保）', 'Security',                TRUE,  2),
    ('housekeeper', 'property',  '楼栋管家',       'Building housekeepers',   FALSE, 3),
    ('cleaning',    'property',  '保洁',           'Cleaning',                FALSE, 4),
    ('maintenance', 'property',  '工程维修',       'Maintenance',             FALSE, 5),
    ('checkpoint',  'cadre',     '卡口封控组',     'Checkpoint control',      TRUE,  6),
    ('screening',   'cadre',     '疫情排查组',     'Epidemic screening',      FALSE, 7),
    ('service',     'cadre',     '居民服务组',     'Resident services',       FALSE, 8),
    ('gate',        'volunteer', '门岗防控组',     'Gate control',            TRUE,  9),
    ('purchasing',  'volunteer', '生活物质采购组', 'Daily-supplies purchasing', FALSE, 10),
    ('emergency',   'volunteer', '应急组',         'Emergency',               FALSE, 11);

-- Roster rules (DESIGN.md): value and whether breaking the rule blocks a save ("hard") or only warns ("soft").
INSERT INTO setting (key, value) VALUES
    ('rule.min_rest_hours',     '{"value": 8, "severity": "hard"}'),
    ('rule.max_hours_day',      '{"value": 12, "severity": "soft"}'),
    ('rule.max_hours_week',     '{"value": 48, "severity": "soft"}'),
    ('rule.no_overlap',         '{"severity": "hard"}'),
    ('rule.gate_eligible',      '{"severity": "soft"}'),
    ('rule.active_only',        '{"severity": "hard"}'),
    ('rule.headcount',          '{"severity": "soft"}'),
    ('rule.property_or_cadre',  '{"severity": "soft"}'),
    ('coverage.volunteer_max_buildings', '{"value": 3}');
