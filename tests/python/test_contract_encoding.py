"""A contract's default encoding: used when a file's bytes do not decide its encoding, never over evidence
(a BOM, UTF-8) or over --encoding. The contracts are written by the test into a folder of its own."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.contracts import load_contracts
from ingest.load import ingest
from revops.errors import ContractError
from revops.warehouse import connect

CONTRACT = """vendor: kaisha
encoding: {vendor_encoding}
exports:
  - object: clients
    file_patterns: ["kaisha-clients*.csv"]
    primary_key: [client_id]
    required: [client_id]
{export_encoding}    columns:
      client_id: [Client ID]
      client_name: [Client Name]
"""
# Full-width letters, as Japanese systems write company names (ＡＢＣ): in CP932 their bytes read as
# plausible Windows-1252 too ("‚`‚a‚b"), so the bytes alone do not decide.
TEXT = "Client ID,Client Name\nK-1,ＡＢＣ\nK-2,ＸＹＺ\n"


@pytest.fixture
def contracts(tmp_path, monkeypatch):
    def write(vendor_encoding: str = "cp932", export_encoding: str | None = None) -> None:
        folder = tmp_path / "contracts"
        folder.mkdir(exist_ok=True)
        extra = f"    encoding: {export_encoding}\n" if export_encoding else ""
        text = CONTRACT.format(vendor_encoding=vendor_encoding, export_encoding=extra)
        (folder / "kaisha.yml").write_text(text, encoding="utf-8")
        monkeypatch.setenv("REVOPS_CONTRACTS_PATH", str(folder))

    return write


def land(tmp_path: Path, data: bytes, name: str = "kaisha-clients-2026-11-01.csv", **options):
    path = tmp_path / name
    path.write_bytes(data)
    con = connect(tmp_path / "w.duckdb")
    try:
        (result,) = ingest(con, [path], **options)
        names = [row[0] for row in con.execute("select client_name from raw.kaisha__clients order by 1").fetchall()]
    finally:
        con.close()
    return result, names


def test_the_default_decides_when_the_bytes_do_not(tmp_path, contracts):
    contracts()
    result, names = land(tmp_path, TEXT.encode("cp932"))
    assert (result.status, result.encoding, names) == ("landed", "cp932", ["ＡＢＣ", "ＸＹＺ"]), result.message
    assert any("contract's default encoding cp932" in note for note in result.notes)


def test_without_a_default_the_same_bytes_read_as_western(tmp_path, contracts):
    contracts(vendor_encoding="null")
    result, names = land(tmp_path, TEXT.encode("cp932"))
    assert result.encoding != "cp932" and names != ["ＡＢＣ", "ＸＹＺ"]  # the case the default is for


def test_the_default_applies_under_source_too(tmp_path, contracts):
    contracts()
    result, names = land(tmp_path, TEXT.encode("cp932"), name="odd.csv", source="kaisha.clients")
    assert (result.encoding, names) == ("cp932", ["ＡＢＣ", "ＸＹＺ"]), result.message


@pytest.mark.parametrize(
    ("data", "options", "expected"),
    [
        (TEXT.encode("cp932"), {"encoding": "cp1252"}, "cp1252"),  # --encoding wins
        (TEXT.encode("utf-8"), {}, "utf-8"),  # valid UTF-8 with non-ASCII is evidence
        (TEXT.encode("utf-8-sig"), {}, "utf-8-sig"),  # so is a BOM
        ("Client ID,Client Name\nK-1,Müller\n".encode("cp1252"), {}, "iso-8859-1"),  # cp932 reads it worse
    ],
    ids=["option", "utf-8", "bom", "western-evidence"],
)
def test_evidence_and_the_option_win_over_the_default(tmp_path, contracts, data, options, expected):
    contracts()
    result, _ = land(tmp_path, data, **options)
    assert (result.status, result.encoding) == ("landed", expected), result.message


def test_an_export_level_encoding_wins_over_the_vendor_level(contracts):
    contracts(vendor_encoding="cp1252", export_encoding="shift_jis")
    (contract,) = [c for c in load_contracts() if c.vendor == "kaisha"]
    assert contract.encoding == "cp932"  # shift_jis is read as CP932, as everywhere in the ingest


def test_an_unknown_encoding_is_refused_naming_the_contract(contracts):
    contracts(vendor_encoding="klingon-8")
    with pytest.raises(ContractError, match=r"kaisha\.yml: clients: unknown encoding 'klingon-8'"):
        load_contracts()
