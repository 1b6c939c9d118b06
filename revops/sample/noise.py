"""The mess, on purpose: each kind of noise, its target rate, and a log of how often it was applied."""

from __future__ import annotations

from collections import defaultdict

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from . import vocab
from .corporate_number import check_digit

RATES = {
    "name_variant": {
        "salesforce": 0.10,
        "hubspot": 0.35,
        "gainsight": 0.30,
        "zendesk": 0.35,
        "lead": 0.40,
        "form": 0.45,
    },
    "website_prefixed": 0.30,  # www. / http(s):// / trailing path
    "website_missing": 0.08,
    "email_case": 0.08,
    "email_whitespace": 0.04,
    "corporate_number_missing": 0.15,
    "corporate_number_placeholder": 0.04,
    "corporate_number_invalid_check_digit": 0.03,
    "phone_placeholder": 0.03,
    "company_placeholder": 0.03,
    "empty_industry": 0.10,
    "arr_conflict": 0.12,
    "owner_conflict": 0.15,
    "renewal_date_alt_format": 0.25,
    # Japanese representation variants the resolver must see through (issue 22), per company-level record
    "jp_name_itaiji": 0.04,  # 高 → 髙, 崎 → 﨑 … (seeds/itaiji.csv read backwards)
    "jp_name_kana_script": 0.04,  # katakana written in hiragana or the reverse
    "jp_name_numerals": 0.04,  # kanji numerals written as digits
    "jp_name_honorific": 0.03,  # 御中 / 様 / 殿 typed after the name
    "placeholder_email": 0.004,  # a@a.com, xx@xx.com … typed for a contact's address
}
HONORIFICS = (" 御中", "様", " 殿", "御中")
PLACEHOLDER_EMAILS = ("a@a.com", "xx@xx.com", "xxx@xxx.com", "test@test.com")


class NoiseLog:
    """Counts of applied noise per kind and file: realised rate = count / eligible rows."""

    def __init__(self) -> None:
        self.counts: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))

    def add(self, kind: str, file_kind: str, hits: int, eligible: int) -> None:
        entry = self.counts[kind][file_kind]
        entry[0] += int(hits)
        entry[1] += int(eligible)

    def report(self) -> dict:
        out = {}
        for kind in sorted(self.counts):
            out[kind] = {
                f: {"count": c, "eligible": e, "rate": round(c / e, 6) if e else 0.0}
                for f, (c, e) in sorted(self.counts[kind].items())
            }
        return out


def company_names(names: pa.Array, n_companies: int, company: np.ndarray, variant: np.ndarray) -> pa.Array:
    """Each record's spelling: `names` is the concatenation of all variants, variant-major."""
    return names.take(pa.array(variant * n_companies + company))


def pick_variants(
    rng: np.random.Generator, n: int, rate: float, log: NoiseLog, file_kind: str, rows: np.ndarray
) -> np.ndarray:
    variant = np.where(rng.random(n) < rate, rng.integers(1, 6, n), 0)
    log.add("name_variant", file_kind, ((variant > 0) & rows).sum(), rows.sum())
    return variant


def two_kinds(rng: np.random.Generator, n: int, first: str, second: str) -> tuple[np.ndarray, np.ndarray]:
    """Two disjoint masks over `n` rows from one draw: RATES[first] of the rows, then RATES[second] of them."""
    u = rng.random(n)
    return u < RATES[first], (u >= RATES[first]) & (u < RATES[first] + RATES[second])


def websites(
    rng: np.random.Generator,
    domains: pa.Array,
    log: NoiseLog,
    file_kind: str,
    rows: np.ndarray,
) -> pa.Array:
    n = len(domains)
    missing, prefixed = two_kinds(rng, n, "website_missing", "website_prefixed")
    style = pa.array(np.where(prefixed, rng.integers(1, 5, n), 0).astype(np.int8))
    text = pc.choose(
        style,
        domains,
        pc.binary_join_element_wise("www.", domains, ""),
        pc.binary_join_element_wise("https://www.", domains, "/", ""),
        pc.binary_join_element_wise("http://", domains, ""),
        pc.binary_join_element_wise("https://", domains, "/ja/company/", ""),
    )
    log.add("website_missing", file_kind, (missing & rows).sum(), rows.sum())
    log.add("website_prefixed", file_kind, (prefixed & rows).sum(), rows.sum())
    return pc.if_else(pa.array(missing), "", text)


def emails(
    rng: np.random.Generator,
    email: pa.Array,
    log: NoiseLog,
    file_kind: str,
    rows: np.ndarray,
) -> pa.Array:
    n = len(email)
    upper, space = two_kinds(rng, n, "email_case", "email_whitespace")
    log.add("email_case", file_kind, (upper & rows).sum(), rows.sum())
    log.add("email_whitespace", file_kind, (space & rows).sum(), rows.sum())
    cased = pc.if_else(pa.array(rng.random(n) < 0.5), pc.utf8_upper(email), pc.utf8_capitalize(email))
    out = pc.if_else(pa.array(upper), cased, email)
    return pc.if_else(pa.array(space), pc.binary_join_element_wise(" ", out, " ", ""), out)


def corporate_numbers(
    rng: np.random.Generator, numbers: np.ndarray, log: NoiseLog, file_kind: str, rows: np.ndarray
) -> pa.Array:
    """Valid numbers with some missing, placeholders (個人, 不明, test, 0000000000) and bad check digits."""
    has = numbers != ""
    n = int((has & rows).sum())
    u = rng.random(len(numbers))
    r_miss, r_ph = RATES["corporate_number_missing"], RATES["corporate_number_placeholder"]
    r_bad = RATES["corporate_number_invalid_check_digit"]
    missing = has & (u < r_miss)
    placeholder = has & (u >= r_miss) & (u < r_miss + r_ph)
    invalid = has & (u >= r_miss + r_ph) & (u < r_miss + r_ph + r_bad)
    out = numbers.astype(object)
    for i in np.flatnonzero(invalid):
        good = numbers[i]
        bad = (int(good[0]) + 1 + int(rng.integers(0, 8))) % 10
        if bad == check_digit(good[1:]):
            bad = (bad + 1) % 10
        out[i] = str(bad) + good[1:]
    out[missing] = ""
    out[placeholder] = np.array(vocab.PLACEHOLDER_CORPORATE, dtype=object)[rng.integers(0, 4, int(placeholder.sum()))]
    log.add("corporate_number_missing", file_kind, (missing & rows).sum(), n)
    log.add("corporate_number_placeholder", file_kind, (placeholder & rows).sum(), n)
    log.add("corporate_number_invalid_check_digit", file_kind, (invalid & rows).sum(), n)
    return pa.array(out.astype(str))


def phones(
    rng: np.random.Generator,
    area: np.ndarray,
    local: np.ndarray,
    log: NoiseLog,
    file_kind: str,
    rows: np.ndarray,
) -> pa.Array:
    """Phone numbers in mixed formats: 03-1234-5678, 0312345678, +81 3 1234 5678, (512) 555-0100, ..."""
    n = len(area)
    areas = pa.array(vocab.JP_AREA + vocab.US_AREA).take(pa.array(area))
    digits = pc.cast(pa.array(local), pa.string())
    a4, b4 = pc.utf8_slice_codeunits(digits, 0, 4), pc.utf8_slice_codeunits(digits, 4, 8)
    u3, u4 = pc.utf8_slice_codeunits(digits, 1, 4), pc.utf8_slice_codeunits(digits, 4, 8)
    is_jp = area < len(vocab.JP_AREA)
    style = rng.integers(0, 3, n).astype(np.int8)
    jp = pc.choose(
        pa.array(style),
        pc.binary_join_element_wise("0", areas, "-", a4, "-", b4, ""),
        pc.binary_join_element_wise("0", areas, a4, b4, ""),
        pc.binary_join_element_wise("+81 ", areas, " ", a4, " ", b4, ""),
    )
    us = pc.choose(
        pa.array(style),
        pc.binary_join_element_wise("(", areas, ") ", u3, "-", u4, ""),
        pc.binary_join_element_wise("+1 ", areas, "-", u3, "-", u4, ""),
        pc.binary_join_element_wise(areas, ".", u3, ".", u4, ""),
    )
    out = pc.if_else(pa.array(is_jp), jp, us)
    placeholder = rng.random(n) < RATES["phone_placeholder"]
    log.add("phone_placeholder", file_kind, (placeholder & rows).sum(), rows.sum())
    fill = pa.array(vocab.PLACEHOLDER_PHONE).take(pa.array(rng.integers(0, 2, n)))
    return pc.if_else(pa.array(placeholder), fill, out)


def blank(
    rng: np.random.Generator, values: pa.Array, kind: str, log: NoiseLog, file_kind: str, rows: np.ndarray
) -> pa.Array:
    mask = rng.random(len(values)) < RATES[kind]
    log.add(kind, file_kind, (mask & rows).sum(), rows.sum())
    return pc.if_else(pa.array(mask), "", pc.cast(values, pa.string()))


def _variant_kanji() -> dict[str, str]:
    """standard → one variant, from the itaiji seed read backwards (the first variant listed wins), limited to
    characters CP932 can encode (the Japanese exports are written in CP932, as Excel-era exports are)."""
    import csv
    from pathlib import Path

    path = Path(__file__).resolve().parents[2] / "seeds" / "itaiji.csv"
    out: dict[str, str] = {}
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            try:
                row["variant"].encode("cp932")
            except UnicodeEncodeError:
                continue
            out.setdefault(row["standard"], row["variant"])
    return out


_DIGIT_KANJI = dict(zip("一二三四五六七八九", "123456789", strict=True))


def _swap_kana(text: str) -> str:
    if any("\u30a1" <= ch <= "\u30f6" for ch in text):
        return "".join(chr(ord(ch) - 0x60) if "\u30a1" <= ch <= "\u30f6" else ch for ch in text)
    return "".join(chr(ord(ch) + 0x60) if "\u3041" <= ch <= "\u3096" else ch for ch in text)


def japanese_names(
    rng: np.random.Generator, names: pa.Array, log: NoiseLog, file_kind: str, rows: np.ndarray
) -> pa.Array:
    """Representation variants of Japanese names: itaiji, hiragana/katakana, numerals as digits, honorifics.
    Only names that hold the characters a variant changes are eligible; the log counts the changed ones."""
    values = names.to_pylist()
    u = rng.random(len(values))
    pick = rng.integers(0, len(HONORIFICS), len(values))
    variants = _variant_kanji()
    kinds = ("jp_name_itaiji", "jp_name_kana_script", "jp_name_numerals", "jp_name_honorific")
    bounds = np.cumsum([RATES[kind] for kind in kinds])
    hits = dict.fromkeys(kinds, 0)
    eligible = int((rows & np.array([bool(v) and not v.isascii() for v in values])).sum())
    for i, name in enumerate(values):
        if not name or name.isascii() or u[i] >= bounds[-1]:
            continue
        kind = kinds[int(np.searchsorted(bounds, u[i], side="right"))]
        if kind == "jp_name_itaiji":
            new = "".join(variants.get(ch, ch) for ch in name)
        elif kind == "jp_name_kana_script":
            new = _swap_kana(name)
        elif kind == "jp_name_numerals":
            new = "".join(_DIGIT_KANJI.get(ch, ch) for ch in name)
        else:
            new = name + HONORIFICS[pick[i]]
        if new != name:
            values[i] = new
            hits[kind] += int(rows[i])
    for kind in kinds:
        log.add(kind, file_kind, hits[kind], eligible)
    return pa.array(values, pa.string())


def placeholder_emails(
    rng: np.random.Generator, email: pa.Array, log: NoiseLog, file_kind: str, rows: np.ndarray
) -> pa.Array:
    """Placeholder addresses typed by sales reps instead of the contact's own (a@a.com, xx@xx.com …)."""
    n = len(email)
    mask = rng.random(n) < RATES["placeholder_email"]
    fill = pa.array(PLACEHOLDER_EMAILS).take(pa.array(rng.integers(0, len(PLACEHOLDER_EMAILS), n)))
    log.add("placeholder_email", file_kind, (mask & rows).sum(), rows.sum())
    return pc.if_else(pa.array(mask), fill, email)
