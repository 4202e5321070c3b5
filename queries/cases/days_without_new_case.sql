-- Days without a new case, derived: from the last day with a case to the last report on or before the date.
SELECT max(report_date) AS last_report,
       max(report_date) FILTER (WHERE new_cases > 0) AS last_case,
       CASE WHEN count(*) = 0 THEN NULL
            WHEN max(report_date) FILTER (WHERE new_cases > 0) IS NULL THEN count(*)
            ELSE max(report_date) - max(report_date) FILTER (WHERE new_cases > 0) END AS days,
       sum(new_cases) AS total_cases
FROM case_report
WHERE compound_id = $compound_id AND report_date <= $until
