-- Who serves each building of one compound: the person, their tier, group, status, phone and role (primary or backup).
SELECT a.id AS assignment_id, b.id AS building_id, b.code AS building, b.sort_order,
       p.id AS person_id, p.name, p.tier, t.sort_order AS tier_order, p.group_code, g.name_zh AS group_zh, g.name_en AS group_en,
       p.party_member, p.phone, p.status, p.status_since, a.role,
       p.home_building_id = b.id AS lives_here
FROM building_assignment a
JOIN building b ON b.id = a.building_id
JOIN person p ON p.id = a.person_id
JOIN tier t ON t.code = p.tier
LEFT JOIN person_group g ON g.code = p.group_code
WHERE b.compound_id = $compound_id
ORDER BY b.sort_order, t.sort_order, a.role DESC, p.name
