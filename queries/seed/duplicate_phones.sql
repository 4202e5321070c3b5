-- How many phone numbers more than one person has.
SELECT count(*) FROM (SELECT phone FROM person WHERE phone IS NOT NULL GROUP BY phone HAVING count(*) > 1) AS shared
