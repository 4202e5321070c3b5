-- A compound's people with their tier's and group's names, for the hours tables and statements.
SELECT p.id AS person_id, p.name, p.tier, t.name_zh AS tier_zh, t.name_en AS tier_en, t.sort_order AS tier_order,
       p.group_code, g.name_zh AS group_zh, g.name_en AS group_en, g.sort_order AS group_order
FROM person p
JOIN tier t ON t.code = p.tier
LEFT JOIN person_group g ON g.code = p.group_code
WHERE p.compound_id = $compound_id
ORDER BY p.id
