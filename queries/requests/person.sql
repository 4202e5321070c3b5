-- One person as an assignment checks them: compound, tier, group, status and name.
SELECT p.id, p.compound_id, p.name, p.tier, p.group_code, p.status, g.name_zh AS group_zh, g.name_en AS group_en
FROM person p LEFT JOIN person_group g ON g.code = p.group_code
WHERE p.id = $person_id
