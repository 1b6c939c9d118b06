"""Keys for matching: company names, kana readings, registrable domains, 法人番号, emails, person names.

Every function is total: bad or placeholder input gives None, never an exception.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import cache, lru_cache

import tldextract

PLACEHOLDERS = frozenset(
    {"", "-", "--", "n/a", "na", "none", "null", "unknown", "test", "tbd", "不明", "個人", "なし", "未定", "テスト"}
)
_SMALL_TO_LARGE = str.maketrans("ァィゥェォャュョッヮヵヶ", "アイウエオヤユヨツワカケ")
_HIRAGANA_TO_KATAKANA = {code: code + 0x60 for code in range(0x3041, 0x3097)}
HONORIFICS = ("御担当者様", "ご担当者様", "担当者様", "御中", "各位", "さま", "様", "殿")
_HONORIFIC = re.compile(r"[\s　]*(?:" + "|".join(HONORIFICS) + r")$")
_KANJI_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_KANJI_UNITS = {"十": 10, "百": 100, "千": 1000}
_KANJI_NUMERAL = re.compile("[〇零一二三四五六七八九十百千]+")
_DIGIT_RUNS = re.compile(r"[0-9]+")
# Bank-transfer style readings of Latin letters (large kana, as 振込名義 writes them).
_LETTER_KANA = dict(
    zip(
        "abcdefghijklmnopqrstuvwxyz",
        ["エー", "ビー", "シー", "デイー", "イー", "エフ", "ジー", "エイチ", "アイ", "ジエー", "ケー", "エル", "エム",
         "エヌ", "オー", "ピー", "キユー", "アール", "エス", "テイー", "ユー", "ブイ", "ダブリユー", "エツクス", "ワイ",
         "ゼツト"],
        strict=True,
    )
)  # fmt: skip
_EDGE_PUNCTUATION = " \t,.、。・/&-_'\"()（）"
_KATAKANA = re.compile(r"^[\u30a0-\u30ffー0-9a-z]+$")


def nfkc(text: object) -> str:
    """NFKC-normalised, stripped text; anything that is not a string (None, NaN) is empty."""
    return unicodedata.normalize("NFKC", text).strip() if isinstance(text, str) else ""


def is_placeholder(text: str | None) -> bool:
    return nfkc(text).casefold() in PLACEHOLDERS


@cache
def _form_index(forms: tuple[str, ...]) -> tuple[dict[str, list[str]], dict[str, list[tuple[str, bool]]]]:
    """Legal forms by first character (those that may lead a name) and by last character (those that may end
    it, with whether they may be glued to the name), longest first. Japanese and bracketed forms may be glued
    to either end of the name; Latin ones (`Co., Ltd.`, `GmbH`) only end a name, after a space, comma or full
    stop (`Cobalt` keeps its `co`). String tests per candidate, not a regular expression of 130 alternatives."""
    normalised = sorted({nfkc(form).casefold() for form in forms if nfkc(form)}, key=len, reverse=True)
    leading: dict[str, list[str]] = {}
    trailing: dict[str, list[tuple[str, bool]]] = {}
    for form in normalised:
        glued = not form.isascii() or form.startswith("(") or form.endswith(")")
        if glued:
            leading.setdefault(form[0], []).append(form)
        trailing.setdefault(form[-1], []).append((form, glued))
    return leading, trailing


def _strip_leading(text: str, leading: dict[str, list[str]], removed: list[str]) -> str:
    for form in leading.get(text[:1], ()):
        if text.startswith(form):
            removed.append(form)
            return text[len(form) :]
    return text


def _strip_trailing(text: str, trailing: dict[str, list[tuple[str, bool]]], removed: list[str]) -> str:
    for form, glued in trailing.get(text[-1:], ()):
        start = len(text) - len(form)
        if text.endswith(form) and (glued or start == 0 or text[start - 1].isspace() or text[start - 1] in ",."):
            removed.append(form)
            return text[:start]
    return text


def split_legal_forms(name: str, forms: Iterable[str]) -> tuple[str, list[str]]:
    """(NFKC + case-folded name without its legal forms, the forms removed), prefix or suffix, repeated:
    `ABC Co., Ltd.` → (`abc`, [`ltd.`, `co.`])."""
    text = nfkc(name).casefold()
    leading, trailing = _form_index(tuple(forms))
    removed: list[str] = []
    previous = None
    while text != previous:
        previous = text
        text = _strip_leading(text.strip(), leading, removed).strip()
        text = _strip_trailing(text, trailing, removed)
        text = text.strip(_EDGE_PUNCTUATION)
    return text, removed


def strip_legal_forms(name: str, forms: Iterable[str]) -> str:
    return split_legal_forms(name, forms)[0]


def strip_honorifics(text: str) -> str:
    """Step 2: `株式会社ABC 御中`, `ABC様`, `ABC殿` → `株式会社ABC` (honorifics added in data entry, at the end)."""
    if not text.rstrip().endswith(HONORIFICS):
        return text
    previous = None
    while text != previous:
        previous, text = text, _HONORIFIC.sub("", text).rstrip()
    return text


def fold_itaiji(text: str, itaiji: dict[str, str]) -> str:
    """Step 4: variant kanji (異体字) to their common form with the seed table: `髙島屋` → `高島屋`, `﨑` → `崎`."""
    return "".join(itaiji.get(ch, ch) for ch in text) if itaiji else text


def fold_kana(text: str) -> str:
    """Step 5: hiragana to katakana and small kana to large: `さくら` = `サクラ`, `フィルム` = `フイルム`."""
    return text.translate(_HIRAGANA_TO_KATAKANA).translate(_SMALL_TO_LARGE)


def _kanji_number(run: str) -> str:
    if not any(ch in _KANJI_UNITS for ch in run):
        return "".join(str(_KANJI_DIGITS[ch]) for ch in run)  # 二〇二四 → 2024
    total, digit = 0, None
    for ch in run:
        if ch in _KANJI_UNITS:
            total += (1 if digit is None else digit) * _KANJI_UNITS[ch]
            digit = None
        else:
            digit = _KANJI_DIGITS[ch]
    return str(total + (digit or 0))


def fold_numerals(text: str) -> str:
    """Step 6: kanji numerals to digits: `第一` = `第1`, `二十一世紀` = `21世紀`, `三〇〇` = `300`."""
    return _KANJI_NUMERAL.sub(lambda match: _kanji_number(match.group(0)), text)


def digit_runs(key: str | None) -> tuple[str, ...]:
    """The numbers inside a name key (`mxzac100355101` → (`100355101`,)): two names whose numbers differ are
    never merged on similarity (a store code, a branch number, 第1 / 第2)."""
    return tuple(_DIGIT_RUNS.findall(key)) if key else ()


def is_code_like(key: str | None) -> bool:
    """A name made mostly of digits (`MX-ZAC-100355101`, `0012-4431`): a code, not a fuzzy-match key."""
    if not key:
        return False
    digits = sum(ch.isdigit() for ch in key)
    return digits >= 3 and digits * 2 >= len(key)


# The declared steps of the company-name key, in order (README, Identity resolution).
NAME_STEPS = (
    "nfkc: Unicode NFKC, width and case folding (ＡＢＣ → abc, ㈱ → (株), ｶ) → カ))",
    "strip_honorifics: 御中, 様, 殿, 各位 … at the end",
    "split_legal_forms: legal forms of seed legal_forms in front, at the back or bracketed, repeated",
    "fold_itaiji: variant kanji of seed itaiji (髙 → 高)",
    "fold_kana: hiragana → katakana, small kana → large",
    "fold_numerals: kanji numerals → digits (第一 → 第1)",
    "alnum: only letters and digits remain",
)


class CompanyNames:
    """Name keys, kana readings and legal forms of company names, computed once per distinct name."""

    def __init__(self, forms: dict[str, str] | Iterable[str], itaiji: dict[str, str] | None = None) -> None:
        mapping = dict(forms) if isinstance(forms, dict) else {form: form for form in forms}
        self.forms = tuple(mapping)
        self.meaning = {nfkc(form).casefold(): meaning for form, meaning in mapping.items()}
        self.itaiji = default_itaiji() if itaiji is None else itaiji
        self.analyse = lru_cache(maxsize=1 << 20)(self._analyse)

    def _analyse(self, name: str) -> tuple[str | None, str | None, frozenset[str] | None]:
        """(name key, kana key, legal-form signature) of one name: the steps of NAME_STEPS."""
        if is_placeholder(name):
            return None, None, None
        core, removed = split_legal_forms(strip_honorifics(nfkc(name)), self.forms)
        core = fold_numerals(fold_kana(fold_itaiji(core, self.itaiji)))
        key = "".join(ch for ch in core if ch.isalnum()) or None
        kana = None
        if key and _KATAKANA.match(key):
            kana = "".join(_LETTER_KANA.get(ch, ch) for ch in key).translate(_SMALL_TO_LARGE)
        signature = frozenset(self.meaning.get(nfkc(r).casefold(), r) for r in removed) or None
        return key, kana, signature

    def parts(self, name: object) -> tuple[str | None, str | None, frozenset[str] | None]:
        return self.analyse(name) if isinstance(name, str) else (None, None, None)


@cache
def default_itaiji() -> dict[str, str]:
    """The seed itaiji (variant → standard kanji) shipped with the project."""
    import csv
    from pathlib import Path

    path = Path(__file__).resolve().parents[2] / "seeds" / "itaiji.csv"
    with path.open(encoding="utf-8") as handle:
        return {row["variant"]: row["standard"] for row in csv.DictReader(handle)}


@cache
def _names(forms: tuple[tuple[str, str], ...]) -> CompanyNames:
    return CompanyNames(dict(forms))


def _names_for(forms: dict[str, str] | Iterable[str]) -> CompanyNames:
    items = tuple(forms.items()) if isinstance(forms, dict) else tuple((f, f) for f in forms)
    return _names(items)


def legal_form_signature(name: str | None, forms: dict[str, str]) -> frozenset[str] | None:
    """What legal forms a name declares, canonicalised (`(株)`, `㈱` and `ｶ)` are all kabushiki kaisha);
    None when it declares none."""
    return _names_for(forms).parts(name)[2]


def company_name_key(name: str | None, forms: dict[str, str] | Iterable[str]) -> str | None:
    """`株式会社ＡＢＣ`, `ABC(株)`, `㈱ABC`, `ABC Co., Ltd.` → `abc`. Placeholders → None."""
    return _names_for(forms).parts(name)[0]


def company_kana_key(name: str | None, forms: dict[str, str] | Iterable[str]) -> str | None:
    """A katakana reading key for names written only in kana or Latin letters: `ｶ)ｴｰﾋﾞｰｼｰ` and `ABC`
    both give `エービーシー`. Names with kanji have no reading here (None)."""
    return _names_for(forms).parts(name)[1]


@cache
def _extractor() -> tldextract.TLDExtract:
    # The Public Suffix List snapshot shipped inside tldextract; never fetched (no network here).
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


@lru_cache(maxsize=1 << 18)
def _registrable(host: str) -> str | None:
    try:
        ascii_host = host.encode("idna").decode("ascii") if not host.isascii() else host
    except UnicodeError:
        return None
    parts = _extractor()(ascii_host)
    if not parts.domain or not parts.suffix:
        return None
    return f"{parts.domain}.{parts.suffix}"


def _host(text: str | None) -> str | None:
    host = nfkc(text).casefold()
    if not host or is_placeholder(host):
        return None
    host = host.rsplit("@", 1)[-1]
    host = re.sub(r"^[a-z][a-z0-9+.-]*://", "", host)
    host = re.split(r"[/?#\s]", host, maxsplit=1)[0].split(":")[0].strip(".")
    return host if host and "." in host else None


def registrable_domain(text: str | None, excluded: frozenset[str] = frozenset()) -> str | None:
    """`https://www.ABC.co.jp/about` or `taro@abc.co.jp` → `abc.co.jp` (Public Suffix List, punycode).

    Domains in `excluded` (free-mail, carrier, ISP, placeholders: the seed list) → None."""
    return site_domain(text, excluded)[0]


def site_domain(text: str | None, excluded: frozenset[str] = frozenset()) -> tuple[str | None, str | None]:
    """(registrable domain, the sub-domain the site sits on or None): `https://jp.acme.com/` → (`acme.com`,
    `jp`); `www.acme.com` → (`acme.com`, None). A subsidiary on its parent's sub-domain is told apart by it."""
    host = _host(text)
    domain = _registrable(host) if host else None
    if domain is None or domain in excluded:
        return None, None
    ascii_host = host.encode("idna").decode("ascii") if not host.isascii() else host
    sub = ascii_host[: -len(domain)].rstrip(".") if ascii_host.endswith(domain) else ""
    sub = re.sub(r"^www[0-9]*(\.|$)", "", sub)
    return domain, sub or None


def corporate_number(text: str | None) -> tuple[str | None, bool]:
    """(valid 13-digit 法人番号 or None, whether something was there but invalid)."""
    digits = re.sub(r"[\s\-]", "", nfkc(text))
    if not digits or is_placeholder(digits) or set(digits) == {"0"}:
        return None, False
    if len(digits) != 13 or not digits.isdigit():
        return None, True
    base = digits[1:]
    weighted = sum(int(d) * (1 if i % 2 == 0 else 2) for i, d in enumerate(reversed(base)))
    return (digits, False) if int(digits[0]) == 9 - weighted % 9 else (None, True)


def email_key(text: str | None) -> str | None:
    """Trimmed, NFKC, lower-cased email, or None when it is not an address."""
    email = nfkc(text).casefold().replace(" ", "")
    if email.count("@") != 1:
        return None
    local, domain = email.split("@")
    if not local or "." not in domain or is_placeholder(local):
        return None
    return email


def is_generic_mailbox(email: str, generic: frozenset[str]) -> bool:
    """info@, sales@, support@ … identify a team, not a person."""
    local = email.split("@", 1)[0]
    return local in generic or local.split("+", 1)[0] in generic


@lru_cache(maxsize=1 << 20)
def person_name_keys(first: str | None, last: str | None, full: str | None = None) -> tuple[str, ...]:
    """Order-insensitive keys: `山田 太郎`, `太郎 山田` and first=太郎/last=山田 share a key; `山田太郎`
    written without a space matches the family-name-first key."""
    tokens = [t for t in re.split(r"[\s・,]+", nfkc(full).casefold()) if t] if full else []
    if not tokens:
        tokens = [t for t in (nfkc(last).casefold(), nfkc(first).casefold()) if t]
    tokens = [t for t in tokens if not is_placeholder(t)]
    if not tokens:
        return ()
    if len(tokens) == 1:
        return (tokens[0],)
    return tuple(sorted({"".join(tokens), "".join(reversed(tokens))}))


_HALFWIDTH_KANA = re.compile("[\uff61-\uff9f]")
_BANK_KANA = re.compile(r"^[(（]?(?:カ|ユ|ド|シ|メ|イ|ザイ|シヤ)[)）]|[(（](?:カ|ユ|ド)$")
_FULLWIDTH_ALNUM = re.compile("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]")


def name_display_rank(name: str | None, has_legal_form: bool) -> int | None:
    """How well a company name is written for display (0 best; golden records prefer lower): points for a
    half-width kana reading (`ｶ)ｴｰﾋﾞｰｼｰ`, 4), a bank-style kana reading (`カ)エービーシー`, 3), no legal form,
    Latin letters all upper or all lower case, full-width letters or digits, an honorific typed after it."""
    if not isinstance(name, str) or not name.strip():
        return None
    text = name.strip()
    rank = 4 if _HALFWIDTH_KANA.search(text) else 0
    rank += 3 if _BANK_KANA.search(text) else 0
    rank += 0 if has_legal_form else 1
    letters = [ch for ch in text if ch.isascii() and ch.isalpha()]
    rank += 1 if letters and (text == text.upper() or text == text.lower()) else 0
    rank += 1 if _FULLWIDTH_ALNUM.search(text) else 0
    rank += 1 if _HONORIFIC.search(text) else 0
    return rank
