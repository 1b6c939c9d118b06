"""The declared steps of the company-name key (normalize.NAME_STEPS), each both ways: the variants it must fold
together, and the names it must keep apart."""

from __future__ import annotations

import csv
import unicodedata
from pathlib import Path

import pytest

from revops.identity import normalize as norm
from tests.python.test_identity import FORMS

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def key(name: str) -> str | None:
    return norm.company_name_key(name, FORMS)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("株式会社ABC 御中", "株式会社ABC"),
        ("ABC様", "ABC"),
        ("山田商事 殿", "山田商事"),
        ("ABC 各位", "ABC"),
        ("ABC株式会社　ご担当者様", "ABC株式会社"),
        ("ABC 御中 様", "ABC"),
    ],
)
def test_strip_honorifics_removes_what_data_entry_adds(text, expected):
    assert norm.strip_honorifics(text) == expected


@pytest.mark.parametrize("name", ["様似運輸", "殿町商店", "御中屋"])
def test_strip_honorifics_keeps_honorific_characters_inside_a_name(name):
    assert norm.strip_honorifics(name) == name


def test_itaiji_seed_is_well_formed_and_large():
    with (SEEDS / "itaiji.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    variants = {row["variant"] for row in rows}
    assert len(rows) >= 300 and len(variants) == len(rows)
    for row in rows:
        assert len(row["variant"]) == 1 and len(row["standard"]) == 1 and row["variant"] != row["standard"]
        assert unicodedata.normalize("NFKC", row["variant"]) == row["variant"], "NFKC already folds it"
        assert row["standard"] not in variants, f"chain: {row}"


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("髙田製作所", "高田製作所"),
        ("渡邊建設", "渡辺建設"),
        ("渡邉建設", "渡辺建設"),
        ("山﨑電機", "山崎電機"),
        ("齋藤商会", "斎藤商会"),
        ("濱田運輸", "浜田運輸"),
        ("國光産業", "国光産業"),
        ("𠮷野家具", "吉野家具"),
    ],
)
def test_itaiji_fold_to_one_key(left, right):
    assert key(left) == key(right)


@pytest.mark.parametrize(("left", "right"), [("斎藤商会", "斉藤商会"), ("高田製作所", "島田製作所")])
def test_itaiji_keep_different_kanji_apart(left, right):
    assert key(left) != key(right)  # 斎 and 斉 are different characters, not variants of one


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("さくら商事", "サクラ商事"),
        ("株式会社ひまわり", "ヒマワリ(株)"),
        ("富士フィルム", "富士フイルム"),
        ("キャピタル", "キヤピタル"),
        ("ヴィオラ", "ヴイオラ"),
    ],
)
def test_kana_folding(left, right):
    assert key(left) == key(right)


def test_kana_folding_keeps_different_readings_apart():
    assert key("さくら商事") != key("さくま商事")
    assert norm.fold_kana("ひまわり") == "ヒマワリ"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("第一", "第1"),
        ("第十", "第10"),
        ("二十一世紀", "21世紀"),
        ("百年堂", "100年堂"),
        ("二〇二四年", "2024年"),
        ("三千五百", "3500"),
        ("第1", "第1"),
    ],
)
def test_fold_numerals(text, expected):
    assert norm.fold_numerals(text) == expected


def test_numerals_match_digits_but_different_numbers_stay_apart():
    assert key("第一精工株式会社") == key("第1精工(株)")
    assert key("第一精工株式会社") != key("第二精工株式会社")
    assert norm.digit_runs(key("第十五精工")) != norm.digit_runs(key("第十六精工"))


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("特定非営利活動法人はばたき", "NPO法人はばたき"),
        ("特定非営利活動法人はばたき", "(特非)はばたき"),
        ("独立行政法人産業機構", "(独)産業機構"),
        ("一般社団法人木工協会", "(一社)木工協会"),
        ("公益財団法人文化財団", "(公財)文化財団"),
        ("医療法人社団清風会", "(医)清風会"),
        ("学校法人桜丘学園", "(学)桜丘学園"),
        ("株式会社ABC", "ABC(株)"),
        ("株式会社ABC", "㈱ABC"),
        ("ABC株式会社", "ＡＢＣ㈱"),
        ("株式会社ABC", "ｶ)ABC"),
        ("ABC株式会社", "ABC(ｶ"),
        ("有限会社タカラヤ", "ﾕ)ﾀｶﾗﾔ"),
        ("合同会社ノース", "ﾄﾞ)ﾉｰｽ"),
        ("ABC", "（株）ABC"),
        ("Acme K.K.", "Acme Kabushiki Kaisha"),
        ("Acme G.K.", "Acme Godo Kaisha"),
    ],
)
def test_legal_forms_in_every_position_share_the_key_and_the_meaning(left, right):
    names = norm.CompanyNames(FORMS)
    assert names.parts(left)[0] == names.parts(right)[0]
    if names.parts(left)[2] and names.parts(right)[2]:
        assert names.parts(left)[2] == names.parts(right)[2]


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("特定非営利活動法人はばたき", "株式会社はばたき"),
        ("(独)産業機構", "(一社)産業機構"),
        ("Acme K.K.", "Acme Inc."),
    ],
)
def test_different_legal_forms_keep_different_meanings(left, right):
    names = norm.CompanyNames(FORMS)
    assert names.parts(left)[2] != names.parts(right)[2]


def test_every_legal_form_has_one_jurisdiction():
    with (SEEDS / "legal_forms.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    by_form: dict[str, set[str]] = {}
    for row in rows:
        by_form.setdefault(row["legal_form"], set()).add(row["jurisdiction"])
    assert all(len(values) == 1 for values in by_form.values()), by_form
    assert by_form["kabushiki kaisha"] == {"jp"} and by_form["incorporated"] == {"us"}
    assert by_form["company limited"] == {""}, "Co., Ltd. is how Japanese companies write themselves in English"


@pytest.mark.parametrize(
    ("name", "code_like"),
    [
        ("MX-ZAC-100355101", True),
        ("0012-4431", True),
        ("店舗1043", True),
        ("Station 12 Cafe", False),
        ("第1精工", False),
        ("7-Eleven Foods", False),
    ],
)
def test_code_like_names(name, code_like):
    assert norm.is_code_like(key(name)) is code_like


@pytest.mark.parametrize(
    ("text", "site"),
    [
        ("https://jp.acme.com/x", ("acme.com", "jp")),
        ("www.acme.com", ("acme.com", None)),
        ("https://www.eu.halcyon.io", ("halcyon.io", "eu")),
        ("acme.co.jp", ("acme.co.jp", None)),
    ],
)
def test_site_domain_keeps_the_sub_domain(text, site):
    assert norm.site_domain(text) == site
