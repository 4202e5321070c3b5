-- Every compound, for the compound switcher: id, name, community.
SELECT id, name, name_en, district, street, community FROM compound ORDER BY district, street, community, name
