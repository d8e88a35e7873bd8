-- The status ladder (docs/metrics.md) for each member at each month end, for one policy.
-- mart: mart_member_month
-- grain: params_key, member_id, month
-- refresh: params_key = $params_key AND member_id IN (SELECT member_id FROM refresh_scope)
-- chunks: member
-- Months: from joining (or the first baseline report, if earlier; never before $data_start)
-- to the month before exit, else $data_end. Missing months stay missing, never zero; every
-- window looks back only, so no month's row depends on a later month's report.
-- A windowed refresh ($windowed; analytics.metrics.refresh.member_window) computes only the
-- months from $keep_from, reading reports from $window_start (the windows' look-back), and takes
-- from the member's stored months before $keep_from what would need more history: the outlier
-- judgement of earlier reports, the status 12 months before, and the baseline (refresh_stored:
-- those months of mart_member_month, copied first). A full refresh passes $keep_from =
-- $window_start = 1900-01 and an empty refresh_stored (an empty build side: no memory).
WITH staged_members AS (
    SELECT m.member_id, m.kube_id, m.household_size AS registered_size,
           date_trunc('month', m.joined_on)::DATE AS joined_month,
           CASE WHEN m.exited_on IS NULL THEN $data_end::DATE      -- the last month end as a member
                ELSE least($data_end::DATE, (date_trunc('month', m.exited_on) - INTERVAL 1 MONTH)::DATE)
           END AS last_month,
           k.regency_code, r.province_code
    FROM members AS m
    JOIN kube AS k USING (kube_id)
    JOIN regencies AS r USING (regency_code)
    WHERE m.member_id IN (SELECT member_id FROM refresh_chunk)
),
staged_income AS (                 -- a duplicate (member, month): the latest report wins (then the latest batch)
    SELECT member_id, month,
           arg_max(income_rupiah, {{ fragments/latest_report_key }}) AS income_rupiah,
           arg_max(household_size, {{ fragments/latest_report_key }}) AS household_size
    FROM member_income
    WHERE member_id BETWEEN $chunk_lo AND $chunk_hi
      AND member_id IN (SELECT member_id FROM refresh_chunk)
      AND month >= $window_start
    GROUP BY member_id, month
),
stored AS (                        -- windowed only (refresh_stored is empty otherwise): stored months read
    SELECT member_id, month, status, flagged, outlier_reference
    FROM refresh_stored
    WHERE member_id BETWEEN $chunk_lo AND $chunk_hi
),
int_lines AS (                     -- line in force per province and month: own, else national (flagged)
    SELECT p.province_code, g.month,
           coalesce(own.line_per_capita, nat.line_per_capita) AS line_per_capita,
           own.line_per_capita IS NULL AS line_is_fallback
    FROM provinces AS p
    CROSS JOIN (SELECT unnest(generate_series($data_start::DATE, $data_end::DATE, INTERVAL 1 MONTH))::DATE AS month) AS g
    ASOF LEFT JOIN (SELECT * FROM poverty_lines WHERE province_code <> '00') AS own
        ON own.province_code = p.province_code AND own.period <= g.month
    ASOF LEFT JOIN (SELECT * FROM poverty_lines WHERE province_code = '00') AS nat
        ON nat.period <= g.month
),
int_wages AS (                     -- UMP per province and year: that year's, else latest earlier, else earliest
    SELECT p.province_code, y.year,
           coalesce(earlier.ump_rupiah, (SELECT arg_min(w.ump_rupiah, w.year) FROM minimum_wages AS w
                                         WHERE w.province_code = p.province_code)) AS ump_rupiah
    FROM provinces AS p
    CROSS JOIN (SELECT unnest(generate_series(year($data_start::DATE), year($data_end::DATE))) AS year) AS y
    ASOF LEFT JOIN minimum_wages AS earlier
        ON earlier.province_code = p.province_code AND earlier.year <= y.year
),
int_report_lines AS (              -- each report with the household size and the line of its month
    SELECT i.member_id, i.month, i.income_rupiah,
           coalesce(i.household_size, m.registered_size) AS household_size, l.line_per_capita, m.last_month
    FROM staged_income AS i
    JOIN staged_members AS m USING (member_id)
    LEFT JOIN int_lines AS l ON l.province_code = m.province_code AND l.month = i.month
    WHERE i.month <= m.last_month                                  -- reports after the exit are not a member's
),
int_earlier AS (                   -- the member's earlier reports only: later ones never change a judgement
    SELECT *,
        income_rupiah / household_size / line_per_capita AS ratio,     -- household income 0: pl_ratio 0
        count(*) OVER w_earlier AS earlier_reports,
        median(income_rupiah) OVER w_earlier AS reference,
        -- the mean of this report and the ones before it; exact unless one of them is left out
        avg(income_rupiah / household_size / line_per_capita) OVER w_last AS last_reports_mean_all,
        lead(month) OVER (PARTITION BY member_id ORDER BY month) AS next_report
    FROM int_report_lines
    WINDOW w_earlier AS (PARTITION BY member_id ORDER BY month
                         ROWS BETWEEN $outlier_lookback PRECEDING AND 1 PRECEDING),
           w_last AS (PARTITION BY member_id ORDER BY month
                      ROWS BETWEEN $poverty_reports - 1 PRECEDING AND CURRENT ROW)
),
int_report_values AS (             -- implausibly high only: a low report (even 0) is never flagged
    SELECT e.* EXCLUDE (reference, earlier_reports), x.flagged,
           c.member_id IS NOT NULL AS confirmed,
           x.flagged AND c.member_id IS NULL AS outlier,
           CASE WHEN x.flagged THEN x.reference END AS outlier_reference
    FROM int_earlier AS e
    LEFT JOIN stored AS s ON s.member_id = e.member_id AND s.month = e.month      -- judged before (windowed)
    CROSS JOIN LATERAL (SELECT
        CASE WHEN e.month < $keep_from THEN coalesce(s.flagged, false)
             ELSE e.earlier_reports >= $outlier_min_reports AND e.reference > 0
                  AND e.income_rupiah > $outlier_factor * e.reference END AS flagged,
        CASE WHEN e.month < $keep_from THEN s.outlier_reference ELSE e.reference END AS reference) AS x
    LEFT JOIN confirmed_reports AS c
        ON c.member_id = e.member_id AND c.month = e.month AND c.income_rupiah = e.income_rupiah
),
int_usable_last AS (               -- members with a report left out (rare): the mean over usable reports only
    SELECT member_id, month,
           avg(ratio) OVER (PARTITION BY member_id ORDER BY month
                            ROWS BETWEEN $poverty_reports - 1 PRECEDING AND CURRENT ROW) AS last_reports_mean
    FROM int_report_values
    WHERE NOT outlier AND ratio IS NOT NULL
      AND member_id IN (SELECT member_id FROM int_report_values WHERE outlier OR ratio IS NULL)
),
int_reports AS (                   -- usable reports: the mean pl_ratio of each and the ones before it
    SELECT v.member_id, v.month, v.next_report, v.last_month,
        v.household_size, v.flagged, v.confirmed, v.outlier, v.outlier_reference,
        CASE WHEN NOT v.outlier THEN v.income_rupiah END AS income,
        CASE WHEN NOT v.outlier THEN v.ratio END AS pl_ratio,
        CASE WHEN NOT v.outlier THEN v.line_per_capita * v.household_size END AS household_line,
        CASE WHEN NOT v.outlier AND v.ratio IS NOT NULL
             THEN coalesce(u.last_reports_mean, v.last_reports_mean_all) END AS last_reports_mean
    FROM int_report_values AS v
    LEFT JOIN int_usable_last AS u USING (member_id, month)
),
int_baseline AS (                  -- mean pl_ratio of the usable reports before joining
    SELECT r.member_id, avg(r.pl_ratio) AS baseline_pl_ratio
    FROM int_reports AS r
    JOIN staged_members AS m USING (member_id)
    WHERE NOT $windowed AND r.month < m.joined_month AND r.pl_ratio IS NOT NULL
    GROUP BY r.member_id
    UNION ALL                      -- windowed: members who joined before $keep_from, baseline as stored
    SELECT member_id, baseline_pl_ratio
    FROM mart_member_baseline
    WHERE $windowed AND params_key = $params_key AND member_id IN (SELECT member_id FROM refresh_chunk)
),
int_spans AS (                     -- each report's month and the months without a report after it
    SELECT *, unnest(generate_series(month, coalesce((next_report - INTERVAL 1 MONTH)::DATE, last_month),
                                     INTERVAL 1 MONTH))::DATE AS grid_month
    FROM int_reports
),
int_leading AS (                   -- months before a member's first report (or every month, never reporting)
    SELECT m.member_id, unnest(generate_series(
        greatest(m.joined_month, $data_start::DATE, $window_start::DATE),
        least((f.first_report - INTERVAL 1 MONTH)::DATE, m.last_month), INTERVAL 1 MONTH))::DATE AS month
    FROM staged_members AS m
    LEFT JOIN (SELECT member_id, min(month) AS first_report FROM member_income     -- read again: cheaper
               WHERE member_id BETWEEN $chunk_lo AND $chunk_hi                   -- than keeping a CTE
                 AND member_id IN (SELECT member_id FROM refresh_chunk)
               GROUP BY member_id) AS f
        USING (member_id)
    WHERE f.first_report IS NULL OR greatest(m.joined_month, $data_start::DATE, $window_start::DATE) < f.first_report
),
int_months AS (                    -- one row per month, narrow: the windows sort every column they carry
    SELECT member_id, grid_month AS month, grid_month = month AS has_report,
           CASE WHEN grid_month = month THEN household_size END AS household_size,
           CASE WHEN grid_month = month THEN flagged END AS flagged,
           CASE WHEN grid_month = month THEN confirmed END AS confirmed,
           CASE WHEN grid_month = month THEN outlier END AS outlier,
           CASE WHEN grid_month = month THEN outlier_reference END AS outlier_reference,
           CASE WHEN grid_month = month THEN income END AS income,
           CASE WHEN grid_month = month THEN pl_ratio END AS pl_ratio,
           CASE WHEN grid_month = month THEN household_line END AS household_line,
           CASE WHEN grid_month = month THEN last_reports_mean END AS last_reports_mean
    FROM int_spans
    UNION ALL BY NAME
    SELECT member_id, month, false AS has_report FROM int_leading
),
int_rolling AS (                   -- trailing windows over calendar months (one row per month)
    SELECT * EXCLUDE (household_line, last_reports_mean),
        count(pl_ratio) OVER w_poverty AS poverty_reports,
        last_value(last_reports_mean IGNORE NULLS) OVER w_poverty AS last_reports_mean,
        avg(pl_ratio) OVER w_poverty AS window_mean,
        count(pl_ratio) OVER w_steady AS steady_reports,
        min(pl_ratio) OVER w_steady AS steady_min_ratio,
        stddev_pop(income) OVER w_steady / nullif(avg(income) OVER w_steady, 0) AS steady_cv,
        avg(income) OVER w_independent AS independent_mean_income,
        avg(household_line) OVER w_independent * $independence_line_multiple AS line_benchmark
    FROM int_months
    WINDOW
        w_poverty AS (PARTITION BY member_id ORDER BY month ROWS BETWEEN $poverty_months - 1 PRECEDING AND CURRENT ROW),
        w_steady AS (PARTITION BY member_id ORDER BY month ROWS BETWEEN $steady_window - 1 PRECEDING AND CURRENT ROW),
        w_independent AS (PARTITION BY member_id ORDER BY month
                          ROWS BETWEEN $independent_window - 1 PRECEDING AND CURRENT ROW)
),
int_windows AS (
    SELECT * EXCLUDE (last_reports_mean, window_mean, steady_reports, steady_min_ratio, steady_cv),
        CASE WHEN poverty_reports >= $poverty_reports THEN last_reports_mean    -- the last N reports
             ELSE window_mean                                                   -- all reports in the window
        END AS poverty_mean,
        coalesce(steady_reports = $steady_window AND steady_min_ratio >= $steady_min_ratio
                 AND steady_cv <= $steady_max_cv, false) AS is_steady
    FROM int_rolling
),
int_ladder AS (                    -- the inputs of the status now, 12 months ago, and a month ago
    SELECT *,
        sum(is_steady::INT) OVER (w ROWS BETWEEN $independent_window - 1 PRECEDING AND CURRENT ROW) AS steady_months,
        lag(month, 12) OVER w IS NOT NULL AS has_row_12m_ago,
        lag(is_steady, 12) OVER w AS is_steady_12m_ago,
        sum(is_steady::INT) OVER (w ROWS BETWEEN $independent_window + 11 PRECEDING AND 12 PRECEDING)
            AS steady_months_12m_ago,
        lag(independent_mean_income, 12) OVER w AS independent_mean_income_12m_ago,
        lag(line_benchmark, 12) OVER w AS line_benchmark_12m_ago,
        lag(poverty_reports, 12) OVER w AS poverty_reports_12m_ago,
        lag(poverty_mean, 12) OVER w AS poverty_mean_12m_ago,
        coalesce(lag(is_steady OR poverty_reports >= $poverty_min_reports) OVER w, false) AS reporting_month_before
    FROM int_windows
    WINDOW w AS (PARTITION BY member_id ORDER BY month)
),
int_located AS (                   -- member, line and wage columns joined after the windows
    SELECT x.*, m.kube_id, m.regency_code,
        date_diff('month', m.joined_month, x.month) AS event_time,
        x.month >= m.joined_month AS registered,
        (x.month - INTERVAL 1 MONTH)::DATE >= m.joined_month AS registered_month_before,
        coalesce(x.household_size, m.registered_size) AS size,
        l.line_per_capita, l.line_is_fallback, b.baseline_pl_ratio,
        CASE WHEN $use_ump THEN w.ump_rupiah ELSE x.line_benchmark END AS independence_benchmark,
        CASE WHEN $use_ump THEN w12.ump_rupiah ELSE x.line_benchmark_12m_ago END AS independence_benchmark_12m_ago
    FROM int_ladder AS x
    JOIN staged_members AS m USING (member_id)
    LEFT JOIN int_baseline AS b USING (member_id)
    LEFT JOIN int_lines AS l ON l.province_code = m.province_code AND l.month = x.month
    LEFT JOIN int_wages AS w ON w.province_code = m.province_code AND w.year = year(x.month)
    LEFT JOIN int_wages AS w12 ON w12.province_code = m.province_code AND w12.year = year(x.month) - 1
),
mart AS (                          -- the ladder, evaluated in this order (the same rule twice)
    SELECT *,
        CASE
            WHEN steady_months = $independent_window AND independent_mean_income >= independence_benchmark THEN 4
            WHEN is_steady THEN 3
            WHEN poverty_reports < $poverty_min_reports THEN 0
            WHEN poverty_mean < $poor_below_ratio THEN 1
            ELSE 2
        END::UTINYINT AS status,
        CASE
            WHEN NOT has_row_12m_ago THEN NULL
            WHEN steady_months_12m_ago = $independent_window
                 AND independent_mean_income_12m_ago >= independence_benchmark_12m_ago THEN 4
            WHEN is_steady_12m_ago THEN 3
            WHEN poverty_reports_12m_ago < $poverty_min_reports THEN 0
            WHEN poverty_mean_12m_ago < $poor_below_ratio THEN 1
            ELSE 2
        END::UTINYINT AS status_12m_ago
    FROM int_located
),
kept AS (                          -- the months this refresh writes; windowed: the 12-month-ago status as stored
    SELECT x.* REPLACE (CASE WHEN $windowed AND x.month < ($keep_from::DATE + INTERVAL 12 MONTH)::DATE
                             THEN a.status ELSE x.status_12m_ago END AS status_12m_ago)
    FROM mart AS x
    LEFT JOIN stored AS a ON a.member_id = x.member_id AND a.month = (x.month - INTERVAL 12 MONTH)::DATE
    WHERE x.month >= $keep_from
)
SELECT
    $params_key AS params_key, member_id, month, kube_id, regency_code, event_time::SMALLINT AS event_time,
    registered, has_report, pl_ratio IS NOT NULL AS reported,
    coalesce(flagged, false) AS flagged, coalesce(confirmed, false) AS confirmed,
    coalesce(outlier, false) AS outlier, outlier_reference,
    registered AND status <> 0 AS reporting,
    registered AND registered_month_before AND reporting_month_before AS was_reporting,
    size::SMALLINT AS household_size, income, income / size AS per_capita, line_per_capita, line_is_fallback,
    pl_ratio, poverty_reports::UTINYINT AS poverty_reports, poverty_mean AS recent_pl_ratio,
    CASE WHEN registered AND status <> 0 THEN poverty_mean / nullif(baseline_pl_ratio, 0) - 1 END AS income_change,
    status, status_12m_ago
FROM kept
