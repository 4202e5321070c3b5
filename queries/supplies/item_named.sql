-- The item of a compound with this Chinese name, if there is one.
SELECT id FROM supply WHERE compound_id = $compound_id AND name_zh = $name_zh
