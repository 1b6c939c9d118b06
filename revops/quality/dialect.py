"""The SQL the gate generates, per engine: the few expressions DuckDB and PostgreSQL spell differently.

Every generated check (revops.quality.kinds, mojibake, landing, dates) writes its SQL once and asks the dialect for
these expressions; everything else it writes is SQL both engines read alike. `DUCKDB` gives exactly the SQL the gate
has always run on DuckDB. `POSTGRES` reads the same values the same way:

- regular expressions: DuckDB's RE2 `regexp_matches` / `regexp_full_match` become PostgreSQL's `~` (anchored for a
  full match); RE2's `\\s` is the five characters ` \\t\\n\\f\\r`, spelled out so that PostgreSQL's wider
  `[[:space:]]` (which takes U+3000 in a UTF-8 locale) does not change a result;
- `{batch}`: PostgreSQL 15 needs an alias on a subquery in FROM, which GX leaves out when the query joins, so the
  table (the batch is always a whole table) is named in its place;
- safe casts: PostgreSQL 15 has no `try_cast`, so a number is text of the shape DuckDB's cast to double reads, and a
  timestamp is one whose date and clock exist (the month and day checked the way macros/cross_db/parse_timestamp.sql
  checks them on PostgreSQL).
"""

from __future__ import annotations

from dataclasses import dataclass

from revops.warehouse import quote_literal

RE2_SPACE = " \\t\\n\\f\\r"  # RE2's \s: [\t\n\f\r ]
# what DuckDB's cast of text to double reads (1, -1.5, .5, 5., 1e5, 1_000, inf, nan)
PG_NUMBER = "^[-+]?(([0-9][0-9_]*([.][0-9_]*)?|[.][0-9]+)([eE][-+]?[0-9]+)?|inf|infinity|nan)$"
PG_CLOCK = "^(([01]?[0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9]([.][0-9]+)?)?|24:00(:00([.]0+)?)?)$"
PG_ZONED_CLOCK = "^[0-9-]{10}T([0-9]{1,2}:[0-9]{2}(:[0-9]{2}([.][0-9]+)?)?)(Z|[+-][0-9]{2}(:?[0-9]{2})?)$"


def postgres_pattern(pattern: str) -> str:
    """An RE2 pattern as PostgreSQL reads it alike: `\\s` spelled out (inside brackets or as a class of its own)."""
    out: list[str] = []
    in_brackets = False
    index = 0
    while index < len(pattern):
        pair = pattern[index : index + 2]
        if pair == "\\s":
            out.append(RE2_SPACE if in_brackets else f"[{RE2_SPACE}]")
            index += 2
            continue
        if pattern[index] == "\\":
            out.append(pair)
            index += 2
            continue
        in_brackets = (pattern[index] == "[") or (in_brackets and pattern[index] != "]")
        out.append(pattern[index])
        index += 1
    return "".join(out)


@dataclass(frozen=True)
class Dialect:
    """DuckDB's spelling; `PostgresDialect` overrides what PostgreSQL spells differently."""

    name: str = "duckdb"

    def pattern(self, pattern: str) -> str:
        """A regular expression as a SQL literal."""
        return quote_literal(pattern)

    def matches(self, text: str, pattern: str) -> str:
        """True when `pattern` (SQL: a literal from `pattern()`) matches somewhere in `text`."""
        return f"regexp_matches({text}, {pattern})"

    def full_match(self, text: str, pattern: str) -> str:
        """True when the regular expression `pattern` (plain text) matches the whole of `text`."""
        return f"regexp_full_match({text}, {self.pattern(pattern)})"

    def with_batch(self, query: str, table: str) -> str:
        """The query GX runs: `{batch}` is left for GX to substitute (a subquery of the batch, unaliased when the
        query joins)."""
        return query

    def not_a_double(self, text: str) -> str:
        """True when `text` does not read as a number (DuckDB's cast to double)."""
        return f"try_cast({text} as double) is null"

    def reads_as_timestamp(self, text: str) -> str:
        return f"try_cast({text} as timestamp) is not null"

    def reads_as_zoned_timestamp(self, text: str) -> str:
        return f"try_cast({text} as timestamp with time zone) is not null"


@dataclass(frozen=True)
class PostgresDialect(Dialect):
    name: str = "postgres"

    def pattern(self, pattern: str) -> str:
        return quote_literal(postgres_pattern(pattern))

    def matches(self, text: str, pattern: str) -> str:
        return f"({text} ~ {pattern})"

    def full_match(self, text: str, pattern: str) -> str:
        return f"({text} ~ {self.pattern(f'^(?:{pattern})$')})"

    def with_batch(self, query: str, table: str) -> str:
        """PostgreSQL 15 refuses the unaliased subquery GX puts in place of `{batch}` in a query that joins; the batch
        is always the whole table (engine.py), so the table is named instead."""
        return query.replace("{batch}", table)

    def not_a_double(self, text: str) -> str:
        return f"not coalesce(lower({text}) ~ {quote_literal(PG_NUMBER)}, false)"

    def reads_as_timestamp(self, text: str) -> str:
        spaced = f"replace({text}, 'T', ' ')"
        clock = f"coalesce(nullif(split_part({spaced}, ' ', 2), ''), '0:00')"
        day = f"split_part({spaced}, ' ', 1)"
        return f"({_valid_date(day)} and {clock} ~ {quote_literal(PG_CLOCK)})"

    def reads_as_zoned_timestamp(self, text: str) -> str:
        clock = f"substring({text} from {quote_literal(PG_ZONED_CLOCK)})"
        return f"({_valid_date(f'left({text}, 10)')} and coalesce({clock} ~ {quote_literal(PG_CLOCK)}, false))"


def _valid_date(text: str) -> str:
    """PostgreSQL: `text` (Y-M-D, digits known) is a day of the calendar; CASE keeps make_date from an impossible
    month, as parse_timestamp's default__timestamp_from_parts does."""
    year, month, day = (f"cast(split_part({text}, '-', {n}) as integer)" for n in (1, 2, 3))
    return (
        f"case when {month} between 1 and 12 and {day} between 1 and 31"
        f" then extract(month from make_date({year}, {month}, 1) + ({day} - 1)) = {month} else false end"
    )


DUCKDB = Dialect()
POSTGRES = PostgresDialect()
DIALECTS = {dialect.name: dialect for dialect in (DUCKDB, POSTGRES)}


def dialect_for(target: str) -> Dialect:
    """The dialect of a target (settings.TARGETS)."""
    return DIALECTS[target]
