"""One row per person-level source record (contacts, leads, users), with its person and account.

Python for the same reason as int_account_identities_resolved: the ladder (reference, email, account +
name) needs guarded merges. People whose records carry no account link get the account whose corporate
domain their (non-free-mail) email carries, when exactly one account has it.
"""

from ingest.identity import resolve_people
from ingest.identity.people import RECORD_COLUMNS


def model(dbt, session):
    dbt.config(materialized="table")
    records = (  # in record-key order, which the resolver needs (sorted here, it makes no copy of its own)
        dbt.ref("int_person_records_unioned")
        .project(", ".join(RECORD_COLUMNS))
        .order("source_system, source_object, source_record_id")
        .to_arrow_table()
    )
    generic = frozenset(dbt.ref("generic_mailboxes").to_arrow_table().column("local_part").to_pylist())
    excluded = frozenset(dbt.ref("free_mail_domains").to_arrow_table().column("domain").to_pylist())
    # corporate domain -> account, for domains that belong to exactly one account
    by_domain = dict(
        dbt.ref("int_account_identities_resolved")
        .query(
            "accounts",
            "select normalized_domain, min(account_id) from accounts "
            "where normalized_domain is not null and account_id is not null "
            "group by normalized_domain having count(distinct account_id) = 1",
        )
        .fetchall()
    )
    settings = dbt.config.get("meta", {}) or {}
    max_size = int(settings.get("max_cluster_size", 50))
    resolved = resolve_people(records, generic, excluded, by_domain, max_cluster_size=max_size)
    return resolved
