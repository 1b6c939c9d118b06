"""The true companies of the sample world, with every spelling each name takes across systems."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import vocab
from .corporate_number import make_numbers
from .kana import to_fullwidth_ascii, to_halfwidth_kana

N_VARIANTS = 6  # canonical, abbreviated, full-width/㈱, half-width bank kana, English, bare


@dataclass
class Companies:
    company_id: np.ndarray
    is_jp: np.ndarray
    variants: list[np.ndarray]  # N_VARIANTS arrays of names; variants[0] is the registered name
    domain: np.ndarray
    corporate_number: np.ndarray  # "" for companies outside Japan
    state: np.ndarray
    city: np.ndarray
    country: np.ndarray
    industry: np.ndarray
    employees: np.ndarray
    parent: np.ndarray  # index of the group parent, -1 if none
    similar_to: np.ndarray  # index of a look-alike company (hard negative), -1 if none
    shares_domain: np.ndarray  # True when `similar_to` is a group company on the same domain

    @property
    def name(self) -> np.ndarray:
        return self.variants[0]

    def __len__(self) -> int:
        return len(self.company_id)


_LETTERS = "ABCDEFGHIJKLMNOPRSTUVWXYZ"


def _pick(seq, u: float):
    return seq[int(u * len(seq))]


def _acronym(u: np.ndarray) -> str:
    """2 to 4 capital letters from five uniform draws."""
    return "".join(_pick(_LETTERS, x) for x in u[1 : 3 + int(u[0] * 3)])


def _jp_core(u: np.ndarray) -> tuple[str, str, str]:
    """(display, kana, romaji) of a name's distinctive part, from eight uniform draws."""
    if u[0] < 0.4:
        letters = _acronym(u[1:6])
        stem = (letters, "".join(vocab.LETTER_KANA[c] for c in letters), letters)
    else:
        stem = _pick(vocab.JP_STEMS, u[1])
    middle = _pick(vocab.JP_MIDDLES, u[6])
    return stem[0] + middle[0], stem[1] + middle[1], f"{stem[2]} {middle[2]}".strip()


def _jp_variants(core: tuple[str, str, str], form: int) -> list[str]:
    display, kana, roman = core
    if form == 0:
        return [
            f"株式会社{display}",
            f"(株){display}",
            f"㈱{to_fullwidth_ascii(display)}",
            f"ｶ){to_halfwidth_kana(kana)}",
            f"{roman} Co., Ltd.",
            display,
        ]
    if form == 1:
        return [
            f"{display}株式会社",
            f"{display}(株)",
            f"{to_fullwidth_ascii(display)}㈱",
            f"{to_halfwidth_kana(kana)}(ｶ",
            f"{roman} Co., Ltd.",
            display,
        ]
    return [
        f"合同会社{display}",
        f"{display}(同)",
        f"合同会社{to_fullwidth_ascii(display)}",
        f"ﾄﾞ){to_halfwidth_kana(kana)}",
        f"{roman} LLC",
        display,
    ]


def _en_variants(core: str, form: tuple[str, str, str]) -> list[str]:
    short, long, _ = form
    canonical = f"{core} {short}"
    return [
        canonical,
        canonical.upper().replace(".", "").replace(",", ""),
        core,
        f"{core}, {short}",
        f"{core} {long}",
        canonical.lower(),
    ]


def _slug(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalnum() or ch == "-")


@dataclass
class _Drawn:
    """One company drawn: its name variants, the parts of its domain, where it is."""

    names: list[str]
    slug: str
    tld: str
    state: str
    city: str
    country: str


def _draw_jp(
    rng: np.random.Generator, u: np.ndarray, i: int, jp_cores: list, seen_names: set[str], links: tuple
) -> _Drawn:
    """A Japanese company; some look like an earlier one (`links`: parent, similar_to, shares_domain arrays),
    half of those a subsidiary on its group's domain, with its own 法人番号."""
    parent, similar_to, shares_domain = links
    look_alike = len(jp_cores) > 10 and u[0] < 0.06
    while True:
        form = 0 if u[1] < 0.45 else 1 if u[1] < 0.9 else 2
        if look_alike:
            other, core_base, form = _pick(jp_cores, u[2])
        else:
            core_base = _jp_core(u[3:11])
        suffix = _pick(vocab.JP_SUFFIXES, u[11])
        core = (core_base[0] + suffix[0], core_base[1] + suffix[1], f"{core_base[2]} {suffix[2]}")
        names = _jp_variants(core, form)
        if names[0] not in seen_names:
            break
        u = rng.random(16)
    if look_alike:
        similar_to[i] = other
        if u[12] < 0.5:
            parent[i] = other
            shares_domain[i] = True
    else:
        jp_cores.append((i, core_base, form))
    slug = _slug(core_base[2].replace(" ", "")) + "-" + _slug(suffix[2])
    tld = ".co.jp" if u[13] < 0.5 else ".jp" if u[13] < 0.65 else ".com" if u[13] < 0.95 else ".io"
    prefecture, city = _pick(vocab.PREFECTURES, u[14])
    return _Drawn(names, slug, tld, prefecture, city, "Japan")


def _draw_other(rng: np.random.Generator, u: np.ndarray, seen_names: set[str]) -> _Drawn:
    """A company outside Japan: an English name with a legal form that says its country."""
    while True:
        form = _pick(vocab.EN_FORMS, u[1])
        stem = _acronym(u[3:8]) if u[2] < 0.3 else _pick(vocab.EN_STEMS, u[8])
        core = f"{stem} {_pick(vocab.EN_WORDS, u[9])}"
        names = _en_variants(core, form)
        if names[0] not in seen_names:
            break
        u = rng.random(16)
    slug = _slug(core.replace(" ", ""))
    tld = ".com" if u[13] < 0.8 else ".io"
    if form[2] == "United States":
        state, city = _pick(vocab.US_STATES, u[14])
    else:
        state, city = "", vocab.OTHER_CITIES[form[2]]
    return _Drawn(names, slug, tld, state, city, form[2])


def _unique_domain(slug: str, tld: str, seen_domains: set[str]) -> str:
    domain = slug + tld
    bump = 2
    while domain in seen_domains:
        domain, bump = f"{slug}{bump}{tld}", bump + 1
    seen_domains.add(domain)
    return domain


def make_companies(
    rng: np.random.Generator, n: int, seen_names: set[str], seen_domains: set[str], first: int = 0
) -> Companies:
    """`n` companies: about half Japanese, with look-alike names and group companies sharing a domain.

    Names and domains in `seen_names` / `seen_domains` (earlier parts of the world) are not used again and
    this part's are added; ids count on from `first`."""
    is_jp = rng.random(n) < 0.5
    variants: list[list[str]] = [[] for _ in range(N_VARIANTS)]
    domains, states, cities, countries = [], [], [], []
    parent = np.full(n, -1)
    similar_to = np.full(n, -1)
    shares_domain = np.zeros(n, dtype=bool)
    jp_cores: list[tuple[int, tuple[str, str, str], int]] = []  # (index, stem, form) to build look-alikes from
    draws = rng.random((n, 16))
    for i in range(n):
        if is_jp[i]:
            drawn = _draw_jp(rng, draws[i], i, jp_cores, seen_names, (parent, similar_to, shares_domain))
        else:
            drawn = _draw_other(rng, draws[i], seen_names)
        states.append(drawn.state)
        cities.append(drawn.city)
        countries.append(drawn.country)
        seen_names.add(drawn.names[0])
        for k in range(N_VARIANTS):
            variants[k].append(drawn.names[k])
        domains.append(domains[parent[i]] if shares_domain[i] else _unique_domain(drawn.slug, drawn.tld, seen_domains))
    # A group that shares a domain owns a .com one; keep the parent's domain as it is (realistic mix).
    corporate = np.where(is_jp, make_numbers(rng, n), "")
    return Companies(
        company_id=np.char.add("C", np.char.zfill(np.arange(first + 1, first + n + 1).astype(str), 7)),
        is_jp=is_jp,
        variants=[np.array(v) for v in variants],
        domain=np.array(domains),
        corporate_number=corporate.astype(str),
        state=np.array(states),
        city=np.array(cities),
        country=np.array(countries),
        industry=np.array(vocab.INDUSTRIES)[rng.integers(len(vocab.INDUSTRIES), size=n)],
        employees=np.maximum(2, rng.lognormal(4.5, 1.3, size=n)).astype(np.int64),
        parent=parent,
        similar_to=similar_to,
        shares_domain=shares_domain,
    )
