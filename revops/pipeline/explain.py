"""`revops explain`: which source records make up an account or a person, and the rule and evidence for each.

The queries are written once and read the DuckDB file or PostgreSQL alike (`revops.readers`)."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from revops.errors import RevopsError
from revops.readers import MissingTableError, Reader

FIND_ACCOUNT = """
    select distinct account_id from marts.account_source_map
    where account_id = $q or source_record_id = $q
    union
    select account_id from marts.dim_accounts
    where account_name ilike '%' || $q || '%' or domain = lower($q) or corporate_number = $q
"""
ACCOUNT_RECORDS = """
    select map.source_system, map.source_object, map.source_record_id, records.account_name, records.website,
        records.corporate_number, map.match_rule, map.match_score, map.match_evidence, map.guard_note
    from marts.account_source_map as map
    left join intermediate.int_account_records_unioned as records
        using (source_system, source_object, source_record_id)
    where map.account_id = $id
    order by map.match_rule, map.source_system, map.source_object, map.source_record_id
"""
GOLDEN_VALUES = """
    select attribute, attribute_value, source_system || '/' || source_object || '/' || source_record_id,
        case when is_live_record then 'live' else 'deleted or merged away' end
        || case when attribute = 'account_name' then '; display rank ' || display_rank else '' end
        || '; source priority ' || source_priority,
        survivorship_rule
    from intermediate.int_account_golden_values
    where account_id = $id
    order by attribute
"""
REFUSALS = """
    select source_system || '/' || source_object || '/' || source_record_id, other_record, match_rule, guard, reason
    from marts.identity_refusals
    where entity = '{entity}' and resolved_id = $id
    order by guard, source_system, source_record_id, other_record
"""
ACCOUNT_RELATIONS = """
    select 'parent' as relation, parent_account_id, parent_evidence from marts.account_hierarchy where account_id = $id
    union all
    select 'child', account_id, parent_evidence from marts.account_hierarchy where parent_account_id = $id
    order by 1, 2
"""
FIND_PERSON = """
    select distinct person_id from marts.person_source_map
    where person_id = $q or normalized_email = lower(trim($q)) or source_record_id = $q
"""
PERSON_RECORDS = """
    select map.source_system, map.source_object, map.source_record_id, records.email, records.full_name,
        map.account_id, map.match_rule, map.match_evidence, map.guard_note
    from marts.person_source_map as map
    left join intermediate.int_person_records_unioned as records
        using (source_system, source_object, source_record_id)
    where map.person_id = $id
    order by map.match_rule, map.source_system, map.source_record_id
"""


SCORE = 7  # the position of match_score in ACCOUNT_RECORDS, shown to two decimals


def _ids(reader: Reader, query: str, value: str, what: str) -> list[str]:
    try:
        return [row[0] for row in reader.rows(query, {"q": value}) if row[0]]
    except MissingTableError as exc:
        raise RevopsError("the identity marts are not built", hint="run `revops build` first") from exc
    except RevopsError as exc:
        raise RevopsError(f"could not look up {what}: {exc}") from exc


def _rounded_score(row: tuple) -> tuple:
    score = row[SCORE]
    return (*row[:SCORE], None if score is None else round(float(score), 2), *row[SCORE + 1 :])


def _table(title: str, headings: tuple[str, ...], rows: list[tuple]) -> Table:
    table = Table(title=title, show_lines=False)
    for heading in headings:
        table.add_column(heading, overflow="fold")
    for row in rows:
        table.add_row(*("" if value is None else str(value) for value in row))
    return table


def explain_account(reader: Reader, value: str, console: Console, limit: int = 5) -> int:
    ids = _ids(reader, FIND_ACCOUNT, value, "the account")
    if not ids:
        console.print(f"no account matches {value!r} (try an account_id, a source record id, a name or a domain)")
        return 1
    for account_id in ids[:limit]:
        golden = reader.rows(
            "select account_name, domain, corporate_number, lifecycle_stage, owner_name, csm_name "
            "from marts.dim_accounts where account_id = $id",
            {"id": account_id},
        )
        name, domain, number, stage, owner, csm = golden[0] if golden else (None,) * 6
        console.print(
            f"[bold]{account_id}[/] {name or ''}  domain={domain or '-'}  法人番号={number or '-'}  "
            f"stage={stage or '-'}  owner={owner or '-'}  CSM={csm or '-'}"
        )
        rows = [_rounded_score(row) for row in reader.rows(ACCOUNT_RECORDS, {"id": account_id})]
        headings = (
            "system",
            "object",
            "record id",
            "name",
            "website",
            "法人番号",
            "rule",
            "score",
            "evidence",
            "guard",
        )
        console.print(_table(f"{len(rows)} source record(s)", headings, rows))
        _explain_account_extras(reader, account_id, console)
    if len(ids) > limit:
        console.print(f"… and {len(ids) - limit} more matching accounts; narrow the search")
    return 0


def _optional_rows(reader: Reader, query: str, key: str) -> list[tuple]:
    """Rows of a query on a table a warehouse built before it existed may lack (an empty list then)."""
    try:
        return reader.rows(query, {"id": key})
    except MissingTableError:
        return []


def _explain_account_extras(reader: Reader, account_id: str, console: Console) -> None:
    """Which record won each golden attribute and why; the links guards refused; parent and child accounts."""
    golden = _optional_rows(reader, GOLDEN_VALUES, account_id)
    if golden:
        headings = ("attribute", "value", "winning record", "why", "survivorship rule")
        console.print(_table("golden values", headings, golden))
    refusals = _optional_rows(reader, REFUSALS.format(entity="account"), account_id)
    if refusals:
        headings = ("record", "kept apart from", "rule", "guard", "reason")
        console.print(_table(f"{len(refusals)} refused link(s)", headings, refusals))
    relations = _optional_rows(reader, ACCOUNT_RELATIONS, account_id)
    if relations:
        console.print(_table("hierarchy", ("relation", "account", "evidence"), relations))


def explain_person(reader: Reader, value: str, console: Console) -> int:
    ids = _ids(reader, FIND_PERSON, value, "the person")
    if not ids:
        console.print(f"no person matches {value!r} (try an email, a person_id or a source record id)")
        return 1
    for person_id in ids:
        rows = reader.rows(PERSON_RECORDS, {"id": person_id})
        headings = ("system", "object", "record id", "email", "name", "account", "rule", "evidence", "guard")
        console.print(_table(f"{person_id}: {len(rows)} source record(s)", headings, rows))
        refusals = _optional_rows(reader, REFUSALS.format(entity="person"), person_id)
        if refusals:
            headings = ("record", "kept apart from", "rule", "guard", "reason")
            console.print(_table(f"{len(refusals)} refused link(s)", headings, refusals))
    return 0
