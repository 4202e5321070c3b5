-- Sent-down cadres of one compound by source organisation, with the parent group first (the originally sent).
SELECT o.name AS organisation, o.name_en AS organisation_en, o.kind,
       min(p.joined_on) AS joined_on, count(*) AS people
FROM person p JOIN organisation o ON o.id = p.organisation_id
WHERE p.compound_id = $compound_id AND p.tier = 'cadre'
GROUP BY o.name, o.name_en, o.kind
ORDER BY o.kind = 'subsidiary', o.name
