{#-
    parse_timestamp(column, source_timezone='UTC', date_order=none): the date-time spellings found in exports
    → a timestamp without time zone, in UTC. Unparseable text, and any value outside the years 1900-2100
    (e.g. `5/7/24` read as the year 5), → null (never a failed build).

    Accepted (surrounding blanks ignored):
      - year first: YYYY-MM-DD, YYYY/M/D, YYYY.M.D, each with an optional time H:MM[:SS[.fff]] after a space
        or T; YYYY年M月D日 (optionally with a time);
      - ISO-8601 with Z or an offset (2026-11-01T09:00:00+09:00), converted to UTC;
      - day and month first, as Excel and spreadsheets re-save them: A/B/YY, A-B-YYYY, A.B.YYYY with an
        optional time and AM/PM (`5/7/24 10:26`, `09-06-2026 16:14`, `5/7/2024 10:26 PM`). Which of A and B
        is the month is `date_order`: a SQL expression giving 'dmy' or 'mdy', normally the order decided for
        the column in its batch (stg_audit__date_formats_by_batch, joined by the staging model); without it,
        or when it is null, the var `revops_date_order_tie` (default 'mdy'). Two-digit years: below the var
        `revops_two_digit_year_pivot` (default 70) → 20YY, else 19YY;
      - Excel serial day numbers (days since 1899-12-30, with a fraction for the time, rounded to the
        second) of five digits, i.e. 1927-05-18 to 2100;
      - epoch milliseconds (13 digits) and epoch seconds (10 digits).
    Text without a zone is read in `source_timezone` (Salesforce writes UTC; a HubSpot export is in the
    portal's time zone) and converted to UTC.

    parse_date(column, date_order=none): the calendar date written in the text (no time-zone conversion).
-#}

{% macro parse_timestamp(column, source_timezone='UTC', date_order=none) -%}
    {{ return(adapter.dispatch('parse_timestamp', 'revops_warehouse')(column, source_timezone, date_order)) }}
{%- endmacro %}

{% macro local_to_utc(expression, source_timezone) -%}
    {{ return(adapter.dispatch('local_to_utc', 'revops_warehouse')(expression, source_timezone)) }}
{%- endmacro %}

{% macro spark__local_to_utc(expression, source_timezone) -%}
    {%- if source_timezone | upper == 'UTC' -%}
        {{ expression }}
    {%- else -%}
        to_utc_timestamp({{ expression }}, '{{ source_timezone }}')
    {%- endif -%}
{%- endmacro %}

{% macro default__local_to_utc(expression, source_timezone) -%}
    {%- if source_timezone | upper == 'UTC' -%}
        {{ expression }}
    {%- else -%}
        cast((({{ expression }}) at time zone '{{ source_timezone }}') at time zone 'UTC' as timestamp)
    {%- endif -%}
{%- endmacro %}

{#- The formats' shapes (RE2 and PostgreSQL regular expressions alike) are the var revops_timestamp_patterns, one
    owner shared with the landing gate (parseable_timestamp). -#}
{% macro timestamp_patterns() -%}
    {{ return(var('revops_timestamp_patterns')) }}
{%- endmacro %}

{#- The date order used when a batch gives no evidence, and the two-digit-year pivot: vars, one owner. -#}
{% macro date_order_or_tie(date_order) -%}
    {%- set tie = var('revops_date_order_tie', 'mdy') -%}
    {%- if tie not in ('mdy', 'dmy') -%}
        {{ exceptions.raise_compiler_error("var revops_date_order_tie must be 'mdy' or 'dmy', got " ~ tie) }}
    {%- endif -%}
    {%- if date_order is none -%}'{{ tie }}'{%- else -%}coalesce({{ date_order }}, '{{ tie }}'){%- endif -%}
{%- endmacro %}

{% macro full_year(two_or_four_digits) -%}
    case
        when length({{ two_or_four_digits }}) = 2
            then cast({{ two_or_four_digits }} as integer)
            + case
                when cast({{ two_or_four_digits }} as integer) < {{ var('revops_two_digit_year_pivot', 70) }}
                    then 2000
                else 1900
            end
        else cast({{ two_or_four_digits }} as integer)
    end
{%- endmacro %}

{#- The text is matched against each shape once per value, in a scalar subquery: PostgreSQL does not share a common
    expression, and a parse written inline repeats every match dozens of times. OFFSET 0 keeps the planner from
    folding the matches back into the expressions that read them. -#}
{% macro default__parse_timestamp(column, source_timezone, date_order) -%}
    {%- set patterns = revops_warehouse.timestamp_patterns() -%}
    {%- set text = 'matched.parse_text' -%}
    {%- set zoned, ymd, abd = 'matched.parse_zoned', 'matched.parse_ymd', 'matched.parse_abd' -%}
    {%- set order = 'matched.parse_order' -%}
    {%- set day_first = "case when " ~ order ~ " = 'dmy' then " -%}
    {%- set abd_month = "cast(" ~ day_first ~ abd ~ "[2] else " ~ abd ~ "[1] end as integer)" -%}
    {%- set abd_day = "cast(" ~ day_first ~ abd ~ "[1] else " ~ abd ~ "[2] end as integer)" -%}
    (
        select {{ revops_warehouse.within_supported_years('parsed.parse_value') }}
        from (
            select
                case
                    when {{ text }} ~ '^[0-9]{13}$'
                        then cast(to_timestamp(cast({{ text }} as bigint) / 1000.0) at time zone 'UTC' as timestamp)
                    when {{ text }} ~ '^[0-9]{10}$'
                        then cast(to_timestamp(cast({{ text }} as bigint)) at time zone 'UTC' as timestamp)
                    when {{ zoned }} is not null
                        then {{ revops_warehouse.default__timestamp_from_parts(
                            "cast(" ~ zoned ~ "[1] as integer)", "cast(" ~ zoned ~ "[2] as integer)",
                            "cast(" ~ zoned ~ "[3] as integer)", zoned ~ "[4]", "null") }}
                        - {{ revops_warehouse.utc_offset(zoned ~ "[5]") }}
                    when {{ ymd }} is not null
                        then {{ revops_warehouse.local_to_utc(revops_warehouse.default__timestamp_from_parts(
                            "cast(" ~ ymd ~ "[1] as integer)", "cast(" ~ ymd ~ "[2] as integer)",
                            "cast(" ~ ymd ~ "[3] as integer)", ymd ~ "[4]", ymd ~ "[5]"), source_timezone) }}
                    when {{ abd }} is not null
                        then {{ revops_warehouse.local_to_utc(revops_warehouse.default__timestamp_from_parts(
                            revops_warehouse.full_year(abd ~ "[3]"), abd_month, abd_day, abd ~ "[4]", abd ~ "[5]"),
                            source_timezone) }}
                    when {{ text }} ~ '{{ patterns.excel_serial }}'
                        then {{ revops_warehouse.local_to_utc(
                            "cast(timestamp '1899-12-30 00:00:00' + round(cast(" ~ text
                            ~ " as double precision) * 86400) * interval '1 second' as timestamp)", source_timezone) }}
                end as parse_value
            from (
                select
                    shown.parse_text,
                    shown.parse_order,
                    regexp_match(shown.parse_text, '{{ patterns.zoned_parts }}') as parse_zoned,
                    regexp_match(shown.parse_text, '{{ patterns.year_first }}') as parse_ymd,
                    regexp_match(shown.parse_text, '{{ patterns.part_first }}') as parse_abd
                from (
                    select
                        {{ revops_warehouse.null_if_blank(column) }} as parse_text,
                        {{ revops_warehouse.date_order_or_tie(date_order) }} as parse_order
                ) as shown
                offset 0
            ) as matched
            offset 0
        ) as parsed
    )
{%- endmacro %}

{#- PostgreSQL's make_date fails on impossible dates, and PostgreSQL does not promise to evaluate the terms of an
    AND in order, so each guard is a CASE of its own: the parts in range and the clock well formed first, then the
    day checked against its month (day 31 of a 30-day month rolls into the next month and is refused), and only then
    the date made. Fractions of a second beyond microseconds are cut, as DuckDB does. -#}
{% macro default__timestamp_from_parts(year, month, day, clock, meridiem) -%}
    case
        when {{ year }} between 1900 and 2100
            and {{ month }} between 1 and 12
            and {{ day }} between 1 and 31
            and coalesce({{ clock }}, '0:00') ~ '^([01]?[0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9]([.][0-9]+)?)?$'
            then case
                when extract(month from make_date({{ year }}, {{ month }}, 1) + ({{ day }} - 1)) = {{ month }}
                    then make_date({{ year }}, {{ month }}, {{ day }})
                    + cast(regexp_replace(coalesce({{ clock }}, '0:00'), '([.][0-9]{6})[0-9]+$', '\1') as time)
                    + case
                        when upper({{ meridiem }}) = 'PM' and {{ clock }} !~ '^(12|1[3-9]|2[0-3]):'
                            then interval '12 hours'
                        when upper({{ meridiem }}) = 'AM' and {{ clock }} ~ '^12:' then interval '-12 hours'
                        else interval '0 hours'
                    end
            end
    end
{%- endmacro %}

{#- utc_offset(zone): the offset of an ISO zone designator (Z, +09:00, -0530) as an interval. -#}
{% macro utc_offset(zone) -%}
    case
        when {{ zone }} = 'Z' then interval '0 minutes'
        else (case when left({{ zone }}, 1) = '-' then -1 else 1 end)
            * (cast(substr({{ zone }}, 2, 2) as integer) * interval '1 hour'
                + cast(right({{ zone }}, 2) as integer) * interval '1 minute')
    end
{%- endmacro %}

{#- DuckDB: the common spellings (ISO with or without a zone) by a cast; every other value once, through a
    lambda, so the SQL stays small and the rare spellings cost nothing to the common ones. -#}
{#- In the first branch the year is in range: only a conversion from a local time can cross 1900 or 2100. -#}
{% macro duckdb__parse_timestamp(column, source_timezone, date_order) -%}
    {%- set text = revops_warehouse.null_if_blank(column) -%}
    case
        when regexp_matches({{ text }}, '{{ revops_warehouse.timestamp_patterns().plain_iso }}')
            then {{ revops_warehouse.local_to_utc("try_cast(" ~ text ~ " as timestamp)", source_timezone)
                if source_timezone | upper == 'UTC'
                else revops_warehouse.within_supported_years(revops_warehouse.local_to_utc(
                    "try_cast(" ~ text ~ " as timestamp)", source_timezone)) }}
        when regexp_matches({{ text }}, '{{ revops_warehouse.timestamp_patterns().zoned }}')
            then {{ revops_warehouse.within_supported_years(
                "cast(try_cast(" ~ text ~ " as timestamp with time zone) at time zone 'UTC' as timestamp)") }}
        else list_transform(
            [{{ text }}],
            lambda value_text: list_filter(
                [{{ revops_warehouse.duckdb__parse_other_timestamp('value_text', source_timezone, date_order) | indent(16) }}],
                lambda parsed_value: year(parsed_value) between 1900 and 2100
            )[1]
        )[1]
    end
{%- endmacro %}

{#- parse_plain_iso(text): parse_timestamp of a text already known to match revops_timestamp_patterns.plain_iso (in
    UTC, the day/month order irrelevant): DuckDB's first branch alone, a cast; elsewhere parse_timestamp. -#}
{% macro parse_plain_iso(text) -%}
    {{ return(adapter.dispatch('parse_plain_iso', 'revops_warehouse')(text)) }}
{%- endmacro %}

{% macro default__parse_plain_iso(text) -%}
    {{ revops_warehouse.parse_timestamp(text) }}
{%- endmacro %}

{% macro duckdb__parse_plain_iso(text) -%}
    try_cast({{ revops_warehouse.null_if_blank(text) }} as timestamp)
{%- endmacro %}

{% macro duckdb__parse_other_timestamp(text, source_timezone, date_order) -%}
    {%- set patterns = revops_warehouse.timestamp_patterns() -%}
    {%- set groups = "['a', 'b', 'c', 'clock', 'meridiem']" -%}
    {%- set order = revops_warehouse.date_order_or_tie(date_order) -%}
    case
        when regexp_full_match({{ text }}, '[0-9]{13}')
            then epoch_ms(cast({{ text }} as bigint))
        when regexp_full_match({{ text }}, '[0-9]{10}')
            then epoch_ms(cast({{ text }} as bigint) * 1000)
        when regexp_matches({{ text }}, '{{ patterns.zoned }}')
            then cast(try_cast({{ text }} as timestamp with time zone) at time zone 'UTC' as timestamp)
        when regexp_matches({{ text }}, '{{ patterns.year_first }}')
            then list_transform(
                [regexp_extract({{ text }}, '{{ patterns.year_first }}', {{ groups }})],
                lambda ymd: {{ revops_warehouse.local_to_utc(revops_warehouse.duckdb__timestamp_from_parts(
                    'ymd.a', 'ymd.b', 'ymd.c', 'ymd.clock', 'ymd.meridiem'), source_timezone) }}
            )[1]
        when regexp_matches({{ text }}, '{{ patterns.part_first }}')
            then list_transform(
                [regexp_extract({{ text }}, '{{ patterns.part_first }}', {{ groups }})],
                lambda abd: {{ revops_warehouse.local_to_utc(revops_warehouse.duckdb__timestamp_from_parts(
                    revops_warehouse.full_year('abd.c'),
                    "case when " ~ order ~ " = 'dmy' then abd.b else abd.a end",
                    "case when " ~ order ~ " = 'dmy' then abd.a else abd.b end",
                    'abd.clock', 'abd.meridiem'), source_timezone) }}
            )[1]
        when regexp_matches({{ text }}, '{{ patterns.excel_serial }}')
            then {{ revops_warehouse.local_to_utc(
                "timestamp '1899-12-30' + to_seconds(round(cast(" ~ text ~ " as double) * 86400))",
                source_timezone) }}
    end
{%- endmacro %}

{#- DuckDB: try() turns an impossible date (Feb 30) into null; an empty clock is midnight. -#}
{% macro duckdb__timestamp_from_parts(year, month, day, clock, meridiem) -%}
    try(
        make_date(cast({{ year }} as integer), cast({{ month }} as integer), cast({{ day }} as integer))
        + coalesce(try_cast(nullif({{ clock }}, '') as time), time '00:00:00')
        + case
            when upper({{ meridiem }}) = 'PM' and try_cast(split_part({{ clock }}, ':', 1) as integer) < 12
                then interval 12 hour
            when upper({{ meridiem }}) = 'AM' and try_cast(split_part({{ clock }}, ':', 1) as integer) = 12
                then interval (-12) hour
            else interval 0 hour
        end
    )
{%- endmacro %}

{#- Spark (ANSI mode off, as dbt-spark sets it): each shape matched with rlike and its parts taken with
    regexp_extract ('' for a group that did not take part); make_timestamp returns null for an impossible date or
    clock, so an invalid value is null, never a failed build. Fractions of a second beyond microseconds are cut, as
    DuckDB does. The session time zone is UTC (profiles.yml), so epoch values and zoned times land in UTC. The text
    is trimmed once and the parse evaluated once (lambdas over one-element arrays), as DuckDB's version does. -#}
{% macro spark__parse_timestamp(column, source_timezone, date_order) -%}
    {%- set patterns = revops_warehouse.timestamp_patterns() -%}
    {%- set text = 'parse_text' -%}
    {%- set order = revops_warehouse.date_order_or_tie(date_order) -%}
    {%- set zoned = patterns.zoned_parts -%}
    {%- set ymd, abd = patterns.year_first, patterns.part_first -%}
    {%- set zone = "regexp_extract(" ~ text ~ ", '" ~ zoned ~ "', 5)" -%}
    {%- set first = "regexp_extract(" ~ text ~ ", '" ~ abd ~ "', 1)" -%}
    {%- set second = "regexp_extract(" ~ text ~ ", '" ~ abd ~ "', 2)" -%}
    filter(transform(array({{ revops_warehouse.null_if_blank(column) }}), parse_text -> {{
    "case
        when " ~ text ~ " rlike '^[0-9]{13}$' then timestamp_millis(cast(" ~ text ~ " as bigint))
        when " ~ text ~ " rlike '^[0-9]{10}$' then timestamp_seconds(cast(" ~ text ~ " as bigint))
        when " ~ text ~ " rlike '" ~ zoned ~ "' then " ~ revops_warehouse.spark__timestamp_from_parts(
            "regexp_extract(" ~ text ~ ", '" ~ zoned ~ "', 1)", "regexp_extract(" ~ text ~ ", '" ~ zoned ~ "', 2)",
            "regexp_extract(" ~ text ~ ", '" ~ zoned ~ "', 3)", "regexp_extract(" ~ text ~ ", '" ~ zoned ~ "', 4)",
            "''", "case when " ~ zone ~ " = 'Z' then '+00:00' else concat(substr(" ~ zone ~ ", 1, 3), ':', right("
            ~ zone ~ ", 2)) end") ~ "
        when " ~ text ~ " rlike '" ~ ymd ~ "' then " ~ revops_warehouse.local_to_utc(
            revops_warehouse.spark__timestamp_from_parts(
            "regexp_extract(" ~ text ~ ", '" ~ ymd ~ "', 1)", "regexp_extract(" ~ text ~ ", '" ~ ymd ~ "', 2)",
            "regexp_extract(" ~ text ~ ", '" ~ ymd ~ "', 3)", "regexp_extract(" ~ text ~ ", '" ~ ymd ~ "', 4)",
            "regexp_extract(" ~ text ~ ", '" ~ ymd ~ "', 5)"), source_timezone) ~ "
        when " ~ text ~ " rlike '" ~ abd ~ "' then " ~ revops_warehouse.local_to_utc(
            revops_warehouse.spark__timestamp_from_parts(
            revops_warehouse.full_year("regexp_extract(" ~ text ~ ", '" ~ abd ~ "', 3)"),
            "case when " ~ order ~ " = 'dmy' then " ~ second ~ " else " ~ first ~ " end",
            "case when " ~ order ~ " = 'dmy' then " ~ first ~ " else " ~ second ~ " end",
            "regexp_extract(" ~ text ~ ", '" ~ abd ~ "', 4)", "regexp_extract(" ~ text ~ ", '" ~ abd ~ "', 5)"),
            source_timezone) ~ "
        when " ~ text ~ " rlike '" ~ patterns.excel_serial ~ "' then " ~ revops_warehouse.local_to_utc(
            "timestamp_seconds(cast(round(cast(" ~ text ~ " as double) * 86400) as bigint) - 2209161600)",
            source_timezone) ~ "
    end" }}), parsed_value -> year(parsed_value) between 1900 and 2100)[0]
{%- endmacro %}

{#- Spark: a timestamp from the texts of its parts ('' clock: midnight; meridiem '' or AM/PM), in `zone` (a
    '+HH:MM' expression) or the session's (UTC); null when the date or clock is impossible. -#}
{% macro spark__timestamp_from_parts(year, month, day, clock, meridiem, zone=none) -%}
    {%- set bare = "coalesce(nullif(" ~ clock ~ ", ''), '0:00')" -%}
    {%- set hour = "cast(split(" ~ bare ~ ", ':')[0] as int)" -%}
    {%- set seconds = "coalesce(cast(regexp_replace(split(" ~ bare ~ ", ':')[2], '([.][0-9]{6})[0-9]+$', '$1')"
        ~ " as decimal(8, 6)), 0)" -%}
    case
        when {{ bare }} rlike '^([01]?[0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9]([.][0-9]+)?)?$'
            then make_timestamp(
                cast({{ year }} as int), cast({{ month }} as int), cast({{ day }} as int),
                case
                    when upper({{ meridiem }}) = 'PM' and {{ hour }} < 12 then {{ hour }} + 12
                    when upper({{ meridiem }}) = 'AM' and {{ hour }} = 12 then 0
                    else {{ hour }}
                end,
                cast(split({{ bare }}, ':')[1] as int), {{ seconds }}{{ ', ' ~ zone if zone is not none }}
            )
    end
{%- endmacro %}

{#- Never a year before 1900 or after 2100: such values are typos or misread formats (the year 5 of
    `5/7/24` read year first), so they become null; stg_audit__date_formats_by_batch reports them. The parse
    is written twice; DuckDB evaluates the common expression once (a lambda over a one-element list
    measured slower). -#}
{% macro within_supported_years(expression) -%}
    {{ return(adapter.dispatch('within_supported_years', 'revops_warehouse')(expression)) }}
{%- endmacro %}

{#- Spark: the expression evaluated once, through a lambda over a one-element array. -#}
{% macro spark__within_supported_years(expression) -%}
    filter(array({{ expression }}), parsed_value -> year(parsed_value) between 1900 and 2100)[0]
{%- endmacro %}

{% macro default__within_supported_years(expression) -%}
    case
        when extract(year from {{ expression }}) between 1900 and 2100 then {{ expression }}
    end
{%- endmacro %}

{% macro parse_date(column, date_order=none) -%}
    cast({{ revops_warehouse.parse_timestamp(column, date_order=date_order) }} as date)
{%- endmacro %}
