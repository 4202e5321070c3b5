-- The people of one compound with tier, group and status, for pickers and filters.
SELECT p.id, p.name, p.tier, p.group_code, g.name_zh AS group_zh, g.name_en AS group_en, p.party_member, p.phone,
       p.status, p.status_since, p.status_note, p.home_building_id
FROM person p LEFT JOIN person_group g ON g.code = p.group_code
WHERE p.compound_id = $compound_id
ORDER BY p.tier, p.name
