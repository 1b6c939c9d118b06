"""What mis-decoded text looks like, as one RE2 pattern the warehouse evaluates (DuckDB, or PostgreSQL alike).

A file read in the wrong encoding does not fail: it lands, and its names no longer match anything. Each
alternative below is the fingerprint of one such mistake, chosen so that correctly decoded Japanese and
European text (株式会社ABC, ｶ)ｴｰﾋﾞｰｼｰ, São Paulo, Müller) never matches:

- U+FFFD, the replacement character a decoder writes for bytes it could not read;
- private-use code points (U+E000-U+F8FF): CP932's user-defined area, or bytes mapped to nothing;
- C1 control characters (U+0080-U+009F): UTF-8 continuation bytes read as Latin-1;
- `Ã©`, `Â ` and `â€`: UTF-8 read as Latin-1 / Windows-1252 (é, a no-break space, a curly quote);
- a Latin letter followed by half-width ﾃ or ﾂ and another half-width katakana: UTF-8 é, ü, ö … read as CP932
  (`Cafﾃｩ`, `Mﾃｼller`);
- CJK ideographs or half-width katakana inside a Latin word (`Mi窶冂ler`): multi-byte UTF-8 read as CP932;
- a half-width katakana between two CJK ideographs (`譬ｪ蠑`): Japanese UTF-8 read as CP932.
"""

from __future__ import annotations

from revops.quality.dialect import DUCKDB, Dialect
from revops.warehouse import quote_identifier, quote_literal

_HALF_WIDTH_KANA = "\uff61-\uff9f"
_CJK = "\u3400-\u9fff"
MOJIBAKE_PATTERN = "|".join(
    (
        "\ufffd",
        "[\ue000-\uf8ff]",
        "[\u0080-\u009f]",
        "[\u00c2\u00c3][\u00a0-\u00bf]",
        "\u00e2\u20ac",
        f"[A-Za-z][\uff82\uff83][{_HALF_WIDTH_KANA}]",
        f"[A-Za-z][{_CJK}{_HALF_WIDTH_KANA}]+[A-Za-z]",
        f"[\u4e00-\u9fff][{_HALF_WIDTH_KANA}][\u4e00-\u9fff]",
    )
)
EXAMPLE_LENGTH = 80


def mojibake_query(columns: list[str], dialect: Dialect = DUCKDB) -> str:
    """The offending-rows query over the text `columns` of a raw table: one row per landed row holding
    mis-decoded text, with its lineage, the columns affected and the first such value.

    One pass: the row's columns are joined and matched once; only matching rows are looked at column by column."""
    pattern = dialect.pattern(MOJIBAKE_PATTERN)
    quoted = [quote_identifier(c) for c in columns]
    joined = ", ".join(quoted)
    which = ", ".join(
        f"case when {dialect.matches(q, pattern)} then {quote_literal(c)} end"
        for c, q in zip(columns, quoted, strict=True)
    )
    first = ", ".join(f"case when {dialect.matches(q, pattern)} then {q} end" for q in quoted)
    return f"""with flagged as (
    select * from {{batch}}
    where {dialect.matches(f"concat_ws(chr(10), {joined})", pattern)}
)
select _batch_id, _source_file, _source_row_number,
    concat_ws(', ', {which}) as columns,
    left(coalesce({first}), {EXAMPLE_LENGTH}) as example
from flagged
order by _batch_id, _source_row_number"""
