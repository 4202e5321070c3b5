-- Head counts per tier and group of one compound: all, active, party members; ordered as the tiers are.
SELECT t.code AS tier, t.name_zh AS tier_zh, t.name_en AS tier_en,
       g.code AS group_code, g.name_zh AS group_zh, g.name_en AS group_en,
       count(p.id) AS people,
       count(p.id) FILTER (WHERE p.status = 'active') AS active,
       count(p.id) FILTER (WHERE p.party_member) AS party_members
FROM person p
JOIN tier t ON t.code = p.tier
LEFT JOIN person_group g ON g.code = p.group_code
WHERE p.compound_id = $compound_id
GROUP BY ALL
ORDER BY any_value(t.sort_order), any_value(g.sort_order)
