-- A compound's people of the gate-eligible groups, by id, for filling roster weeks.
SELECT id, tier, group_code, title FROM person WHERE compound_id = $compound_id AND group_code IN ('security', 'checkpoint', 'gate')
ORDER BY id
