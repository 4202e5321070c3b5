-- The grid chat groups of a compound's community with the people who answer in each.
SELECT c.id, c.name, array_agg(p.name ORDER BY p.tier, p.name) FILTER (WHERE p.id IS NOT NULL) AS members,
       array_agg(p.phone ORDER BY p.tier, p.name) FILTER (WHERE p.id IS NOT NULL) AS phones,
       count(p.id) AS answering
FROM grid_chat_group c
LEFT JOIN grid_chat_member m ON m.group_id = c.id
LEFT JOIN person p ON p.id = m.person_id AND p.status = 'active'
WHERE c.community = (SELECT community FROM compound WHERE id = $compound_id)
GROUP BY c.id, c.name
ORDER BY c.id
