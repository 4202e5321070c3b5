-- Rows of figures already reported for the compound's community (compounds of one community share them).
SELECT count(*) FROM community_figure WHERE community = (SELECT community FROM compound WHERE id = $compound_id)
