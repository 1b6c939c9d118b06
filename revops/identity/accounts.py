"""Company identity: every company-level source record → one account, by a ladder of rules.

Ladder (strongest first; each link recorded with its evidence):
  1. explicit cross-system references (CS platform's Salesforce id, Zendesk external id, HubSpot's
     Salesforce id, Salesforce MasterRecordId merges)
  2. 法人番号 with a valid check digit (invalid ones are ignored and reported)
  3. registrable domain from website or domain fields (Public Suffix List; free-mail/ISP excluded);
     a domain shared by companies with different 法人番号 is a group domain, not a merge
  4. normalised name (NFKC, width, case, punctuation, legal forms) and kana reading, when the name
     points at one identified company only and countries agree
  5. fuzzy name similarity inside a block, never across a conflicting 法人番号 or domain
Guards (each refusal recorded: refused_links, marts.identity_refusals): a cluster never holds two valid
法人番号; weak rules never join two different domains; a shared domain whose records point to different
companies (different 法人番号, diverging names, legal forms of different jurisdictions, a subsidiary's
sub-domain) is a hierarchy (parent_account_id), not a merge; code-like names and names whose numbers differ
never merge on similarity; an identifier value held by more records than its cap links none of them; user
overrides (must_link / cannot_link) come before every rule; no cluster grows past `max_cluster_size` records.
"""

from __future__ import annotations

from collections import defaultdict
from functools import lru_cache

import duckdb
import pandas as pd
import pyarrow as pa
from rapidfuzz import fuzz, process

from revops import facts
from revops.identity import declared
from revops.identity import normalize as norm
from revops.identity.clusters import GuardedClusters
from revops.identity.domains import domain_relations
from revops.identity.incremental import resolve_incremental
from revops.identity.ladder import (
    RECORD_KEY,
    Links,
    anchors,
    apply_overrides,
    capped,
    column_lists,
    in_record_order,
    link_groups,
    refusal_type,
    refused_links,
    rows_to_table,
    stable_id,
    without_cyclic_gc,
)
from revops.identity.match_keys import arrow_table, match_keys_sql
from revops.identity.rules import IdentityRules, from_seed_files

# the anchor of a cluster: its earliest-seen record, then this order of systems (unlisted systems last)
SYSTEM_PRIORITY = facts.source_priority("account_identity_anchor")
STRONG = ("corporate_number", "declared")  # "declared": every kind of declared identifier (declared.py)
WEAK = ("corporate_number", "declared", "domain")
COUNTRY_ALIASES = {
    "jp": "jp", "jpn": "jp", "japan": "jp", "日本": "jp", "日本国": "jp",
    "us": "us", "usa": "us", "united states": "us", "united states of america": "us", "アメリカ": "us",
    "uk": "gb", "gb": "gb", "united kingdom": "gb", "イギリス": "gb",
    "de": "de", "germany": "de", "ドイツ": "de",
    "sg": "sg", "singapore": "sg", "シンガポール": "sg",
}  # fmt: skip
FUZZY_THRESHOLD = 92.0
FUZZY_MAX_BLOCK = 5000
REFUSAL_TYPE = refusal_type()

RECORD_COLUMNS = [
    "source_system",
    "source_object",
    "source_record_id",
    "account_name",
    "website",
    "corporate_number",
    "country",
    "reference_system",
    "reference_object",
    "reference_record_id",
    "first_seen_date",
    "declared_identifiers",
]
OUTPUT_COLUMNS = [
    "source_system",
    "source_object",
    "source_record_id",
    "account_id",
    "match_rule",
    "match_score",
    "match_evidence",
    "normalized_name",
    "normalized_domain",
    "corporate_number",
    "has_invalid_corporate_number",
    "guard_note",
    "parent_account_id",
    "parent_evidence",
    "name_display_rank",
    "refused_links",
]


# Kept on every output row for the next incremental run: the hash of the record's inputs (added by the caller),
# the match keys that the visible columns (normalized_name, normalized_domain, corporate_number) do not hold, and
# the rest of the normalised inputs (AccountInputs), so that an unchanged record is not normalised again.
HIDDEN_COLUMNS = ["_input_hash", "_reference_key", "_kana_key", "_fuzzy_block", "_form_signature", "_country",
                  "_subdomain", "_override_keys", "_declared_keys"]  # fmt: skip
# The match keys of a resolved row, hashed: what links it to other records (see revops/identity/incremental.py).
MATCH_KEYS_SQL = match_keys_sql(
    [("record", "_reference_key"), ("corporate_number", "corporate_number"), ("domain", "normalized_domain"),
     ("name", "normalized_name"), ("kana", "_kana_key"), ("fuzzy", "_fuzzy_block")],
    [("override", "_override_keys"), ("declared", "_declared_keys")],
)  # fmt: skip
LINK_COLUMNS = ["source_system", "source_object", "source_record_id", "corporate_number", "normalized_domain",
                "normalized_name", "_reference_key", "_kana_key", "_fuzzy_block", "_override_keys",
                "_declared_keys"]  # fmt: skip


def _country(value: str | None) -> str | None:
    key = norm.nfkc(value).casefold()
    return COUNTRY_ALIASES.get(key, key) or None


_MISSING = object()
# the output columns that hold AccountInputs' normalised values, in the order _fill_from_built reads them
NORMALISED = ["normalized_name", "_kana_key", "_form_signature", "normalized_domain", "_subdomain",
              "corporate_number", "has_invalid_corporate_number", "_country"]  # fmt: skip


class AccountInputs:
    """The normalised inputs of company records: name parts (name key, kana key, legal-form signature),
    registrable domain, 法人番号 (value, invalid) and country.

    Each is computed once per distinct raw value; and with `built` (the rows an earlier run resolved, hidden
    columns included), a record whose `_input_hash` is unchanged takes its values from its built row instead. So
    resolving a large match component again normalises only its new and changed records (normalising was most
    of an incremental resolution)."""

    def __init__(
        self,
        legal_forms: dict[str, str],
        excluded_domains: frozenset[str],
        built: pa.Table | None = None,
        rules: IdentityRules | None = None,
    ) -> None:
        self._names = norm.CompanyNames(legal_forms, (rules or from_seed_files()).itaiji)
        self._excluded = excluded_domains
        self._built = None if built is None else built.select([*RECORD_KEY, "_input_hash", *NORMALISED])
        self._caches: tuple[dict, dict, dict, dict] = ({}, {}, {}, {})

    def normalise(self, table: pa.Table, cols: dict[str, list]) -> tuple[list, list, list, list]:
        """(name parts, domains, 法人番号, countries) of the rows of `table`, whose `cols` are its column_lists."""
        size = table.num_rows
        out: tuple[list, list, list, list] = ([None] * size, [None] * size, [None] * size, [None] * size)
        todo = self._fill_from_built(table, out)
        functions = (
            self._names.parts,
            lambda value: norm.site_domain(value, self._excluded),
            norm.corporate_number,
            _country,
        )
        raw = ("account_name", "website", "corporate_number", "country")
        for values, cache, function, column in zip(out, self._caches, functions, raw, strict=True):
            for i in todo:
                value = cols[column][i]
                result = cache.get(value, _MISSING)
                if result is _MISSING:
                    result = cache[value] = function(value)
                values[i] = result
        return out

    def _fill_from_built(self, table: pa.Table, out: tuple[list, list, list, list]) -> list[int]:
        """Fill `out` for the rows of `table` with a built row of the same inputs; return the other rows."""
        if self._built is None or "_input_hash" not in table.column_names:
            return list(range(table.num_rows))
        con = duckdb.connect()
        try:
            con.register("records", table.select([*RECORD_KEY, "_input_hash"]).append_column(
                "_row", pa.array(range(table.num_rows), pa.int64())))  # fmt: skip
            con.register("built", self._built)
            same = " and ".join(f"records.{k} = built.{k}" for k in [*RECORD_KEY, "_input_hash"])
            known = arrow_table(con.sql(
                f"select records._row, {', '.join(f'built.{c}' for c in NORMALISED)} "
                f"from records inner join built on {same}"))  # fmt: skip
        finally:
            con.close()
        rows, key, kana, forms, domain, sub, valid, invalid, country = (known.column(i).to_pylist() for i in range(9))
        parts, domains, numbers, countries = out
        for j, i in enumerate(rows):
            parts[i] = (key[j], kana[j], frozenset(forms[j]) if forms[j] is not None else None)
            domains[i] = (domain[j], sub[j])
            numbers[i] = (valid[j], invalid[j])
            countries[i] = country[j]
        filled = set(rows)
        return [i for i in range(table.num_rows) if i not in filled]


def _guarded_clusters(n: int, corp: list, domains: list, declared_keys: list, max_cluster_size: int) -> GuardedClusters:
    """One cluster per record, carrying its strong identifiers (法人番号, domain, declared kinds) as guards."""
    clusters = GuardedClusters(n, guarded=STRONG, max_cluster_size=max_cluster_size)
    for i in range(n):
        clusters.set_identifier(i, "corporate_number", corp[i])
        clusters.set_identifier(i, "domain", domains[i])
        for key in declared_keys[i] or ():
            kind, _, value = key.partition(":")
            clusters.set_identifier(i, f"declared:{kind}", value)
    return clusters


def _link_references(
    clusters: GuardedClusters, links: Links, cols: dict[str, list], keys: list[tuple], position: dict
) -> None:
    """Rung 1: explicit references (a record naming another record of this input)."""
    refs = zip(cols["reference_system"], cols["reference_object"], cols["reference_record_id"], strict=True)
    for i, (system, obj, record_id) in enumerate(refs):
        target = position.get((system, obj, record_id)) if record_id else None
        if target is not None and target != i and clusters.union(i, target, "explicit_reference", STRONG):
            evidence = f"reference {system}/{obj}/{record_id}"
            links.add(i, "explicit_reference", 1.0, evidence)
            links.add(target, "explicit_reference", 1.0, f"referenced by {keys[i][0]}/{keys[i][1]}/{keys[i][2]}")


def _link_identifiers(
    clusters: GuardedClusters, links: Links, corp: list, declared_keys: list, rules: IdentityRules
) -> None:
    """Rung 2: the 法人番号, then each identifier kind the user declares (declared.py), as strong."""
    corp_keys = capped(clusters, corp, "corporate_number", rules.cap("corporate_number"))
    link_groups(clusters, links, corp_keys, "corporate_number", "法人番号", STRONG)
    for kind in rules.declared:
        prefix = f"{kind.name}:"
        values = [next((k for k in keys_ if k.startswith(prefix)), None) if keys_ else None for keys_ in declared_keys]
        usable = capped(clusters, values, "corporate_number", rules.cap("corporate_number"), "declared_identifier")
        link_groups(clusters, links, usable, "declared_identifier", "declared", STRONG)


def _placement(i: int, resolvable: set[int], links: Links) -> tuple[str, float, str]:
    """(rule, score, evidence) of record i: its best link, else a singleton, else unresolved."""
    if i in resolvable:
        _, rule, score, evidence = links.best.get(i, (9, "singleton", 1.0, "no other record matched"))
        return rule, score, evidence
    return "unresolved", 0.0, "no usable identifier (name, domain, 法人番号 or reference)"


def _account_ids(clusters: GuardedClusters, cols: dict[str, list], keys: list[tuple], resolvable: list[int]) -> list:
    """Per record the id of its account (None when unresolved): a stable hash of its cluster's anchor, the
    record seen first, then by source priority."""
    first_seen = ["" if v is None else str(v) for v in cols["first_seen_date"]]
    order = [(first_seen[i], SYSTEM_PRIORITY.get(k[0], 9), k[1], k[2]) for i, k in enumerate(keys)]
    anchor_of = anchors(clusters, order, resolvable)
    account_ids: list[str | None] = [None] * len(keys)
    for i in resolvable:
        account_ids[i] = stable_id("acc", *keys[anchor_of[clusters.find(i)]])
    return account_ids


@without_cyclic_gc
def resolve_accounts(
    records: pd.DataFrame | pa.Table,
    legal_forms: dict[str, str],
    excluded_domains: frozenset[str],
    max_cluster_size: int = 50,
    inputs: AccountInputs | None = None,
    rules: IdentityRules | None = None,
) -> pa.Table:
    """One row per input record with its account_id, the rule, score and evidence that placed it.

    `records` columns: source_system, source_object, source_record_id, account_name, website,
    corporate_number, country, reference_system, reference_object, reference_record_id, first_seen_date.
    `inputs` may carry normalised values already known (see AccountInputs); it gains those computed here.
    `rules`: itaiji, jurisdictions, caps and overrides (default: the seed files).
    """
    rules = rules or from_seed_files()
    table = in_record_order(records)
    cols = column_lists(table, RECORD_COLUMNS)
    n = len(cols["source_system"])
    inputs = inputs or AccountInputs(legal_forms, excluded_domains, rules=rules)
    name_parts, sites, numbers, countries = inputs.normalise(table, cols)
    name_keys, kana_keys, form_sigs = ([parts[k] for parts in name_parts] for k in range(3))
    domains, corp = [site[0] for site in sites], [value for value, _ in numbers]
    keys = list(zip(cols["source_system"], cols["source_object"], cols["source_record_id"], strict=True))
    notes: dict[int, list[str]] = defaultdict(list)
    declared_keys = _declared(cols["declared_identifiers"], rules, corp, notes)
    clusters = _guarded_clusters(n, corp, domains, declared_keys, max_cluster_size)
    links = Links()
    position = {key: i for i, key in enumerate(keys)}
    override_keys = apply_overrides(clusters, links, rules.overrides_for("account"), position, n)
    _link_references(clusters, links, cols, keys, position)
    _link_identifiers(clusters, links, corp, declared_keys, rules)
    # 3. domain, unless the domain is a group's (a hierarchy, not a merge)
    parents = _link_domains(clusters, links, domains, [site[1] for site in sites], name_keys, form_sigs, rules)
    # 4. normalised name and kana reading: only where the key names one identified company
    for rule, key_list, describe in (("normalized_name", name_keys, "name"), ("kana_reading", kana_keys, "kana")):
        usable = capped(clusters, key_list, "name", rules.cap("name"), rule)
        _link_names(clusters, links, usable, countries, form_sigs, rule, describe)
    # 5. fuzzy names inside blocks (first three characters of the key + country)
    _link_fuzzy(clusters, links, name_keys, countries)

    resolvable = [i for i in range(n) if name_keys[i] or domains[i] or corp[i] or declared_keys[i] or i in links.best]
    account_ids = _account_ids(clusters, cols, keys, resolvable)
    for i, (_, invalid) in enumerate(numbers):
        if invalid:
            notes[i].append(f"invalid 法人番号 ignored: {cols['corporate_number'][i]}")
    refused = refused_links(clusters, keys, notes)
    rows, resolvable_set = [], set(resolvable)
    display_rank = lru_cache(maxsize=1 << 16)(norm.name_display_rank)
    for i in range(n):
        parent, parent_evidence = parents.get(i, (None, None))
        parent_id = account_ids[parent] if parent is not None else None
        if parent_id == account_ids[i]:
            parent_id = parent_evidence = None
        note = "; ".join(dict.fromkeys(notes.get(i, []))) or None
        rank = display_rank(cols["account_name"][i], form_sigs[i] is not None)
        rows.append((*keys[i], account_ids[i], *_placement(i, resolvable_set, links), name_keys[i], domains[i],
                     corp[i], numbers[i][1], note, parent_id, parent_evidence, rank))  # fmt: skip
    hidden = {"_override_keys": override_keys, "_declared_keys": declared_keys}
    return _output(table, cols, rows, refused, kana_keys, name_keys, countries, form_sigs, sites, hidden)


def _output(
    table: pa.Table,
    cols: dict[str, list],
    rows: list[tuple],
    refused: list[list[dict]],
    kana_keys: list,
    name_keys: list,
    countries: list,
    form_sigs: list,
    sites: list,
    key_lists: dict[str, list[list[str] | None]],
) -> pa.Table:
    """The resolved rows as a typed Arrow table, with the hidden columns an incremental run needs."""
    types = {"match_score": pa.float64(), "has_invalid_corporate_number": pa.bool_(), "name_display_rank": pa.int32()}
    resolved = rows_to_table(rows, OUTPUT_COLUMNS[:-1])  # typed: a column of a few records may hold only nulls
    resolved = resolved.cast(pa.schema([(name, types.get(name, pa.string())) for name in OUTPUT_COLUMNS[:-1]]))
    resolved = resolved.append_column("refused_links", pa.array(refused, REFUSAL_TYPE))
    refs = zip(cols["reference_system"], cols["reference_object"], cols["reference_record_id"], strict=True)
    hidden = {
        "_reference_key": [f"{s}/{o}/{r}" if s and o and r else None for s, o, r in refs],
        "_kana_key": kana_keys,
        "_fuzzy_block": [_fuzzy_block(key, country) for key, country in zip(name_keys, countries, strict=True)],
        "_form_signature": pa.array([sorted(forms) if forms else None for forms in form_sigs], pa.list_(pa.string())),
        "_country": countries,
        "_subdomain": [site[1] for site in sites],
        **{name: pa.array(values, pa.list_(pa.string())) for name, values in key_lists.items()},
    }
    if "_input_hash" in table.column_names:
        hidden["_input_hash"] = table.column("_input_hash")
    for name, values in hidden.items():
        resolved = resolved.append_column(
            name, values if isinstance(values, (pa.Array, pa.ChunkedArray)) else pa.array(values, pa.string())
        )
    return resolved


def _declared(
    texts: list[str | None], rules: IdentityRules, corp: list[str | None], notes: dict[int, list[str]]
) -> list[list[str] | None]:
    """Each record's valid declared identifiers as `kind:value` keys; a declared 法人番号 fills a record without
    one of its own (`corp` is updated), invalid values are noted."""
    out: list[list[str] | None] = [None] * len(texts)
    seen: dict[str, tuple[dict[str, str], list[str]]] = {}
    for i, text in enumerate(texts):
        if not text:
            continue
        if text not in seen:
            seen[text] = declared.parse(text, rules.declared)
        valid, problems = seen[text]
        notes[i].extend(problems)
        if "corporate_number" in valid and not corp[i]:
            corp[i] = valid["corporate_number"]
        out[i] = sorted(f"{kind}:{value}" for kind, value in valid.items() if kind != "corporate_number") or None
    return out


def _link_domains(
    clusters: GuardedClusters,
    links: Links,
    domains: list[str | None],
    subdomains: list[str | None],
    name_keys: list[str | None],
    form_sigs: list[frozenset[str] | None],
    rules: IdentityRules,
) -> dict[int, tuple[int, str]]:
    """Link records on one domain unless it is a group's: then each record's parent where the evidence names
    one, and a refusal per record. Returns the parents (record -> (parent record, evidence))."""
    usable = capped(clusters, domains, "domain", rules.cap("domain"))
    by_domain: dict[str, list[int]] = defaultdict(list)
    for i, domain in enumerate(usable):
        if domain:
            by_domain[domain].append(i)
    jurisdictions = [
        frozenset(rules.jurisdictions[form] for form in sig if form in rules.jurisdictions) if sig else frozenset()
        for sig in form_sigs
    ]
    parents: dict[int, tuple[int, str]] = {}
    for domain, members in by_domain.items():
        if len(members) < 2:
            continue
        numbers = {clusters.values[clusters.find(i)].get("corporate_number") for i in members} - {None}
        relations = domain_relations(members, name_keys, form_sigs, jurisdictions, subdomains, numbers)
        if relations.reason:
            for i in members:
                usable[i] = None
            reason = f"{domain} is a group domain: {relations.reason}"
            for i in members[1:]:
                clusters.refuse(i, members[0], "domain", "shared_domain", reason)
            parents.update(relations.parents)
    link_groups(clusters, links, usable, "domain", "domain", STRONG)
    return parents


def resolve_accounts_incremental(
    records: pa.Table,
    previous: pa.Table,
    legal_forms: dict[str, str],
    excluded_domains: frozenset[str],
    max_cluster_size: int = 50,
    rules: IdentityRules | None = None,
) -> pa.Table:
    """The rows of `resolve_accounts(records)` that can differ from `previous`, its output on earlier records:
    the match components (records linked through a reference, 法人番号, domain, name, kana or fuzzy block) that
    hold a new, changed or removed record. `records` carry `_input_hash`."""
    rules = rules or from_seed_files()
    inputs = AccountInputs(legal_forms, excluded_domains, built=previous, rules=rules)

    def resolve(table: pa.Table) -> pa.Table:
        return resolve_accounts(table, legal_forms, excluded_domains, max_cluster_size, inputs, rules)

    return resolve_incremental(in_record_order(records), previous, resolve, MATCH_KEYS_SQL, LINK_COLUMNS)


def _fuzzy_block(key: str | None, country: str | None) -> str | None:
    """The block inside which _link_fuzzy compares a name (None: too short to compare)."""
    return f"{key[:3]}|{country or ''}" if key and len(key) >= 4 else None


def _link_names(
    clusters: GuardedClusters,
    links: Links,
    key_list: list[str | None],
    countries: list[str | None],
    form_sigs: list[frozenset[str] | None],
    rule: str,
    describe: str,
) -> None:
    """Same name key: first join records that also agree on country and legal form; then attach each
    record missing either to the one cluster of that name it is compatible with (none if ambiguous)."""
    groups: dict[str, list[int]] = defaultdict(list)
    for i, key in enumerate(key_list):
        if key:
            groups[key].append(i)

    def join(left: int, right: int, key: str) -> None:
        if clusters.union(left, right, rule, WEAK):
            links.add(left, rule, 1.0, f"{describe} {key}")
            links.add(right, rule, 1.0, f"{describe} {key}")

    for key, members in groups.items():
        if len(members) < 2:
            continue
        complete: dict[tuple, int] = {}
        floaters = []
        for i in members:
            if countries[i] and form_sigs[i]:
                head = complete.setdefault((countries[i], form_sigs[i]), i)
                if head != i:
                    join(head, i, key)
            else:
                floaters.append(i)
        for i in floaters:
            profiles: dict[int, tuple[set, set]] = defaultdict(lambda: (set(), set()))
            for j in members:
                root = clusters.find(j)
                if root != clusters.find(i):
                    if countries[j]:
                        profiles[root][0].add(countries[j])
                    if form_sigs[j]:
                        profiles[root][1].add(form_sigs[j])
            candidates = [
                root
                for root, (seen_countries, seen_forms) in profiles.items()
                if (not countries[i] or not seen_countries or countries[i] in seen_countries)
                and (not form_sigs[i] or not seen_forms or form_sigs[i] in seen_forms)
            ]
            if _consistent(clusters, candidates, profiles):
                for root in candidates:
                    join(root, i, key)


def _consistent(clusters: GuardedClusters, roots: list[int], profiles: dict[int, tuple[set, set]]) -> bool:
    """Candidates that could all be one company: at most one country, legal form, 法人番号 and domain."""
    if not roots:
        return False
    countries = set().union(*(profiles[r][0] for r in roots))
    forms = set().union(*(profiles[r][1] for r in roots))
    values = [clusters.values[r] for r in roots]
    strong = (len({v.get(k) for v in values} - {None}) for k in ("corporate_number", "domain"))
    return len(countries) <= 1 and len(forms) <= 1 and all(count <= 1 for count in strong)


def _link_fuzzy(
    clusters: GuardedClusters, links: Links, name_keys: list[str | None], countries: list[str | None]
) -> None:
    """Character-level similarity (rapidfuzz compares code points, not UTF-8 bytes) for records whose cluster
    has no 法人番号 and no domain yet, against the clusters of the same block: the first three characters of
    the name key and the country. Cost grows with the unidentified records, not with all pairs."""
    blocks: dict[tuple[str, str | None], dict[int, str]] = defaultdict(dict)
    for i, key in enumerate(name_keys):
        if key and len(key) >= 4:
            blocks[(key[:3], countries[i])].setdefault(clusters.find(i), key)  # see _fuzzy_block
    for members in blocks.values():
        if len(members) < 2 or len(members) > FUZZY_MAX_BLOCK:
            continue
        roots = list(members)
        choices = [members[root] for root in roots]
        for root, key in list(members.items()):
            if clusters.values[clusters.find(root)]:
                continue  # identified clusters are joined by their identifiers, not by spelling
            for _, score, index in process.extract(
                key, choices, scorer=fuzz.ratio, score_cutoff=FUZZY_THRESHOLD, limit=3
            ):
                other = roots[index]
                if choices[index] == key or clusters.find(other) == clusters.find(root):
                    continue
                code = _code_guard(key, choices[index])
                if code:
                    clusters.refuse(root, other, "fuzzy_name", "code_like_name", code)
                    continue
                if clusters.union(root, other, "fuzzy_name", WEAK):
                    evidence = f"similar names {key} ~ {choices[index]} ({score:.0f})"
                    links.add(root, "fuzzy_name", score / 100, evidence)
                    links.add(other, "fuzzy_name", score / 100, evidence)


def _code_guard(left: str, right: str) -> str | None:
    """Why two similar names may not merge on similarity: a code-like name, or numbers that differ."""
    if norm.is_code_like(left) or norm.is_code_like(right):
        return f"code-like names are not compared by similarity: {left} ~ {right}"
    if norm.digit_runs(left) != norm.digit_runs(right):
        return f"the numbers in the names differ: {left} ~ {right}"
    return None
