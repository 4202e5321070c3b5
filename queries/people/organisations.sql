-- Every organisation, for pickers and imports.
SELECT id, name, name_en, kind FROM organisation ORDER BY id
