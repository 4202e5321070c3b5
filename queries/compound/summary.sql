-- One compound's place and size: households and residents summed over its buildings.
SELECT c.id, c.name, c.name_en, c.district, c.street, c.community,
       count(b.id) AS buildings,
       sum(b.households) AS households,
       sum(b.residents) AS residents
FROM compound c LEFT JOIN building b ON b.compound_id = c.id
WHERE c.id = $compound_id
GROUP BY c.id, c.name, c.name_en, c.district, c.street, c.community
