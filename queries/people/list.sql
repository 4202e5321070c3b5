-- The people directory of one compound: every field a coordinator reads, with group, organisation and home building names.
SELECT p.id, p.name, p.tier, p.group_code, g.name_zh AS group_zh, g.name_en AS group_en, o.name AS organisation,
       p.title, p.party_member, p.phone, p.status, p.status_since, p.status_note, b.code AS home_building, p.note
FROM person p
LEFT JOIN person_group g ON g.code = p.group_code
LEFT JOIN organisation o ON o.id = p.organisation_id
LEFT JOIN building b ON b.id = p.home_building_id
WHERE p.compound_id = $compound_id
ORDER BY p.tier, p.group_code, p.name
