"""Shared domains: when one registrable domain is a group's, not one company's, and who is whose parent.

Only facts inside the records are used (no list of real companies):
- two valid 法人番号 among the domain's records;
- two names in one script that diverge (`abc商事` / `abcロジスティクス`; spellings of one company differ in
  script, not within one);
- legal forms of different jurisdictions (`Acme K.K.` / `Acme Inc.`, `株式会社アクメ` / `Acme GmbH`): a Japanese
  company that writes itself `Inc.` in English and shares its domain with its 株式会社 record is merged only
  through a shared 法人番号 or a must_link override;
- a name that is another plus a regional or group qualifier, with different legal forms (`Acme Japan Co.,
  Ltd.` / `Acme Inc.`);
- records on different sub-domains whose names, in one script, differ (`jp.acme.com` / `acme.com`).
The parent, where the evidence names one: the record on the bare domain over one on a sub-domain; the foreign
company over the Japanese one on its domain; the name without a regional qualifier; the holding (`… Holdings`,
`… Group`) over the company of the same stem.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

# Words that make a subsidiary's name out of its parent's (after name-key folding: lower case, katakana).
REGIONAL_QUALIFIERS = ("japan", "ジヤパン", "日本", "jp", "asia", "アジア", "apac", "emea", "europe", "america",
                       "usa", "us", "international", "インターナシヨナル", "global", "グローバル")  # fmt: skip
GROUP_QUALIFIERS = ("holdings", "ホールデイングス", "group", "グループ", "hd")


@dataclass
class DomainRelations:
    """Whether a domain is a group domain (and why), and the parent record of each record whose parent the
    evidence names."""

    reason: str | None = None
    parents: dict[int, tuple[int, str]] = field(default_factory=dict)


@lru_cache(maxsize=1 << 16)
def script(key: str) -> str:
    """The writing system of a name key: kanji names and Latin names are compared only within their kind."""
    if any("\u4e00" <= ch <= "\u9fff" for ch in key):
        return "kanji"
    if key.isascii():
        return "latin"
    return "kana"


def _qualified(short: str, long: str) -> str | None:
    """'regional' or 'group' when `long` is `short` plus one qualifier word, else None."""
    if not long.startswith(short) or long == short:
        return None
    tail = long[len(short) :]
    if tail in REGIONAL_QUALIFIERS:
        return "regional"
    return "group" if tail in GROUP_QUALIFIERS else None


def domain_relations(
    members: list[int],
    name_keys: list[str | None],
    form_sigs: list[frozenset[str] | None],
    jurisdictions: list[frozenset[str]],
    subdomains: list[str | None],
    numbers: set[str],
) -> DomainRelations:
    """The relations among the records of one domain (`numbers`: the valid 法人番号 of their clusters)."""
    out = DomainRelations()
    if len(numbers) > 1:
        out.reason = f"{len(numbers)} different 法人番号 on one domain"
    named = [i for i in members if name_keys[i]]
    for a, i in enumerate(named):
        for j in named[a + 1 :]:
            reason = _pair_relation(i, j, name_keys, form_sigs, jurisdictions, subdomains, out)
            if reason and out.reason is None:
                out.reason = reason
    return out


def _pair_relation(
    i: int,
    j: int,
    name_keys: list[str | None],
    form_sigs: list[frozenset[str] | None],
    jurisdictions: list[frozenset[str]],
    subdomains: list[str | None],
    out: DomainRelations,
) -> str | None:
    """Why records i and j on one domain are different companies (None: they may be one); records the parent."""
    left, right = name_keys[i], name_keys[j]
    if subdomains[i] != subdomains[j] and left != right and left.isascii() == right.isascii():
        if (subdomains[i] is None) != (subdomains[j] is None):
            child, parent = (i, j) if subdomains[j] is None else (j, i)
            out.parents.setdefault(child, (parent, f"sub-domain {subdomains[child]} of its parent's domain"))
        return f"different names on different sub-domains: {left} / {right}"
    jur_i, jur_j = jurisdictions[i], jurisdictions[j]
    if jur_i and jur_j and not jur_i & jur_j:  # `… Japan K.K.` / `… Inc.`, 株式会社… / … GmbH, in any script
        if ("jp" in jur_i) != ("jp" in jur_j):
            child, parent = (i, j) if "jp" in jur_i else (j, i)
            out.parents.setdefault(child, (parent, "Japanese company on its foreign parent's domain"))
        return f"legal forms of different jurisdictions: {'/'.join(sorted(jur_i))} / {'/'.join(sorted(jur_j))}"
    if script(left) != script(right):
        return None
    short, long = (i, j) if len(left) <= len(right) else (j, i)
    kind = _qualified(name_keys[short], name_keys[long])
    if kind and form_sigs[i] and form_sigs[j] and form_sigs[i] != form_sigs[j]:
        child, parent = (long, short) if kind == "regional" else (short, long)
        out.parents.setdefault(child, (parent, f"{kind} qualifier: {name_keys[child]} of {name_keys[parent]}"))
        return f"{kind} company of one name and different legal forms: {left} / {right}"
    if script(left) != "kana" and not right.startswith(left) and not left.startswith(right):
        return f"different names in one script: {left} / {right}"  # `abc商事` and `abcホールディングス`
    return None
