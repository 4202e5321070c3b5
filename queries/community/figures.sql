-- Figures reported for a compound's community (volunteers in the community, grid chat groups) and its account's first-day reads.
SELECT f.figure, f.value FROM community_figure f
WHERE f.community = (SELECT community FROM compound WHERE id = $compound_id)
UNION ALL
SELECT 'official_first_day_reads', (array_agg(reads ORDER BY published_on))[1]
FROM official_post
WHERE community = (SELECT community FROM compound WHERE id = $compound_id)
HAVING count(*) > 0
