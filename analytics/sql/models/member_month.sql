-- mart_member_month: the status ladder for each member at each month end, for one policy
-- (params_key), for the members in refresh_chunk (ids between $chunk_lo and $chunk_hi). Dense months from the first report to the
-- last report + (active_window - 1), cut at exit. Missing months stay missing, never zero.
INSERT INTO mart_member_month
WITH staged_income AS (            -- a duplicate (member, month): the latest report wins
    SELECT
        member_id,
        month,
        arg_max(income_rupiah, reported_on) AS income_rupiah,
        arg_max(household_size, reported_on) AS household_size
    FROM member_income
    WHERE member_id BETWEEN $chunk_lo AND $chunk_hi
      AND member_id IN (SELECT member_id FROM refresh_chunk)
    GROUP BY member_id, month
),
staged_members AS (
    SELECT m.member_id, m.kube_id, m.joined_on, m.exited_on, m.household_size AS registered_size,
           k.regency_code, r.province_code
    FROM members AS m
    JOIN kube AS k USING (kube_id)
    JOIN regencies AS r USING (regency_code)
    WHERE m.member_id IN (SELECT member_id FROM refresh_chunk)
),
int_ranked AS (                    -- exact median by ranking: far faster than median() per member
    SELECT member_id, month, income_rupiah,
           row_number() OVER (PARTITION BY member_id ORDER BY income_rupiah) AS rank,
           count(*) OVER (PARTITION BY member_id) AS reports
    FROM staged_income
),
int_typical AS (                   -- each member's median report, to flag implausible outliers
    SELECT member_id,
           avg(income_rupiah) FILTER (WHERE rank IN ((reports + 1) // 2, (reports + 2) // 2)) AS median_income,
           min(month) AS first_month, max(month) AS last_report
    FROM int_ranked
    GROUP BY member_id
),
int_grid AS (
    SELECT t.member_id, unnest(generate_series(
        t.first_month,
        least(t.last_report + to_months($active_window - 1), (SELECT max(month) FROM member_income)),
        INTERVAL 1 MONTH))::DATE AS month
    FROM int_typical AS t
),
int_lines AS (                     -- line in force per province and month: own, else national (flagged)
    SELECT p.province_code, g.month,
           coalesce(own.line_per_capita, nat.line_per_capita) AS line_per_capita,
           own.line_per_capita IS NULL AS line_is_fallback
    FROM provinces AS p
    CROSS JOIN (SELECT DISTINCT month FROM int_grid) AS g
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
    CROSS JOIN (SELECT DISTINCT year(month) AS year FROM int_grid) AS y
    ASOF LEFT JOIN minimum_wages AS earlier
        ON earlier.province_code = p.province_code AND earlier.year <= y.year
),
int_reports AS (
    SELECT
        g.member_id, g.month, m.kube_id, m.regency_code, m.joined_on,
        date_diff('month', date_trunc('month', m.joined_on), g.month) AS event_time,
        i.income_rupiah IS NOT NULL AS has_report,
        coalesce(i.household_size, m.registered_size) AS household_size,
        i.income_rupiah IS NOT NULL
            AND (i.income_rupiah > t.median_income * $outlier_factor
                 OR i.income_rupiah < t.median_income / $outlier_factor) AS outlier,
        i.income_rupiah,
        l.line_per_capita, l.line_is_fallback, w.ump_rupiah
    FROM int_grid AS g
    JOIN staged_members AS m USING (member_id)
    JOIN int_typical AS t USING (member_id)
    LEFT JOIN staged_income AS i USING (member_id, month)
    JOIN int_lines AS l ON l.province_code = m.province_code AND l.month = g.month
    LEFT JOIN int_wages AS w ON w.province_code = m.province_code AND w.year = year(g.month)
    WHERE m.exited_on IS NULL OR g.month < date_trunc('month', m.exited_on)
),
int_values AS (
    SELECT *,
        CASE WHEN has_report AND NOT outlier THEN income_rupiah END AS income,
        CASE WHEN has_report AND NOT outlier THEN income_rupiah / household_size END AS per_capita,
        CASE WHEN has_report AND NOT outlier THEN income_rupiah / household_size / line_per_capita END AS pl_ratio,
        line_per_capita * household_size AS household_line
    FROM int_reports
),
int_windows AS (
    SELECT *,
        sum(has_report::INT) OVER w_active AS active_reports,
        count(pl_ratio) OVER w_poverty AS poverty_reports,
        avg(pl_ratio) OVER w_poverty AS poverty_mean_ratio,
        count(pl_ratio) OVER w_steady AS steady_reports,
        min(pl_ratio) OVER w_steady AS steady_min_ratio,
        stddev_pop(per_capita) OVER w_steady / nullif(avg(per_capita) OVER w_steady, 0) AS steady_cv,
        avg(income) OVER w_independent AS independent_mean_income,
        avg(household_line) OVER w_independent AS independent_mean_line
    FROM int_values
    WINDOW
        w_active AS (PARTITION BY member_id ORDER BY month ROWS BETWEEN $active_window - 1 PRECEDING AND CURRENT ROW),
        w_poverty AS (PARTITION BY member_id ORDER BY month ROWS BETWEEN $poverty_window - 1 PRECEDING AND CURRENT ROW),
        w_steady AS (PARTITION BY member_id ORDER BY month ROWS BETWEEN $steady_window - 1 PRECEDING AND CURRENT ROW),
        w_independent AS (PARTITION BY member_id ORDER BY month ROWS BETWEEN $independent_window - 1 PRECEDING AND CURRENT ROW)
),
int_steady AS (
    SELECT *,
        coalesce(steady_reports = $steady_window AND steady_min_ratio >= $steady_min_ratio
                 AND steady_cv <= $steady_max_cv, false) AS is_steady
    FROM int_windows
),
int_ladder AS (
    SELECT *,
        sum(is_steady::INT) OVER (PARTITION BY member_id ORDER BY month
            ROWS BETWEEN $independent_window - 1 PRECEDING AND CURRENT ROW) AS steady_months,
        CASE WHEN $use_ump THEN ump_rupiah ELSE independent_mean_line * $independence_line_multiple END
            AS independence_benchmark
    FROM int_steady
),
mart AS (
    SELECT *,
        CASE
            WHEN steady_months = $independent_window AND independent_mean_income >= independence_benchmark THEN 4
            WHEN is_steady THEN 3
            WHEN poverty_reports < $poverty_min_reports THEN 0
            WHEN poverty_mean_ratio < $poor_below_ratio THEN 1
            ELSE 2
        END::UTINYINT AS status
    FROM int_ladder
)
SELECT
    $params_key, member_id, month, kube_id, regency_code, event_time::SMALLINT,
    pl_ratio IS NOT NULL AS reported, outlier,
    event_time >= 0 AND active_reports > 0 AS active,
    household_size, income, per_capita, line_per_capita, line_is_fallback, pl_ratio, poverty_mean_ratio,
    status,
    lag(status, 12) OVER (PARTITION BY member_id ORDER BY month) AS status_12m_ago
FROM mart
