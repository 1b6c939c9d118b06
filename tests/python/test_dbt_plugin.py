"""The dbt plugin's NFKC function, as the touchpoint email join calls it inside DuckDB."""

import duckdb

from revops.dbt_plugin import Plugin


def test_revops_nfkc_normalises_a_vector_and_keeps_nulls() -> None:
    con = duckdb.connect()
    Plugin.configure_connection(Plugin.__new__(Plugin), con)
    values = ["hanako@ＡＢＣ.co.jp", "ＡＢＣ㈱", "ｶﾌﾞｼｷｶﾞｲｼｬ", None, "plain@example.com"]
    rows = con.execute(
        "select revops_nfkc(value) from unnest($values) with ordinality as v(value, position) order by position",
        {"values": values},
    ).fetchall()
    con.close()
    assert [row[0] for row in rows] == ["hanako@ABC.co.jp", "ABC(株)", "カブシキガイシャ", None, "plain@example.com"]
