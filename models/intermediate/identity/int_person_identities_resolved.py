"""One row per person-level source record (contacts, leads, users), with its person and account.

Python for the same reason as int_account_identities_resolved: the ladder (reference, email, account +
name) needs guarded merges. People whose records carry no account link get the account whose corporate
domain their email carries, when exactly one account has it.

A large input is resolved a batch of whole match components at a time (REVOPS_IDENTITY_BATCH_ROWS records at
most; revops/identity/batches.py), with the same rows as one resolution of everything.

Incremental: `_input_hash` fingerprints each record's inputs and the settings; a run resolves again only the
match components that hold a new, changed or removed record (revops/identity/incremental.py) and returns
their rows plus the removed records flagged _deleted; the change_set strategy applies them (_identity__models.yml).
"""

from revops.identity.incremental import built_rows, change_set, input_records, with_change_stamp
from revops.identity.ladder import RECORD_KEY
from revops.identity.people import (
    HIDDEN_COLUMNS,
    OUTPUT_COLUMNS,
    RECORD_COLUMNS,
    people_resolver,
    resolve_people_incremental,
)
from revops.identity.rules import model_settings
from revops.settings import identity_batch_rows, identity_workers


def model(dbt, session):
    generic = frozenset(dbt.ref("generic_mailboxes").to_arrow_table().column("local_part").to_pylist())
    seeds = (dbt.ref("itaiji"), dbt.ref("legal_forms"), dbt.ref("placeholder_emails"), dbt.ref("identity_overrides"))
    excluded, max_size, rules = model_settings(dbt.ref("free_mail_domains"), seeds, dbt.config.get("meta", {}))
    records = input_records(
        dbt.ref("int_person_records_unioned"),
        RECORD_COLUMNS,
        (sorted(generic), sorted(excluded), max_size, rules.fingerprint()),
    )
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
    previous = built_rows(
        dbt, session, [*RECORD_KEY, "normalized_email", "is_generic_mailbox", "is_placeholder_email", *HIDDEN_COLUMNS]
    )
    batch, workers, columns = identity_batch_rows(), identity_workers(), [*OUTPUT_COLUMNS, *HIDDEN_COLUMNS]
    if not dbt.is_incremental:  # every record, streamed a batch of match components at a time
        resolver = people_resolver(generic, excluded, by_domain, max_size, rules, batch, workers)
        return resolver.stream(records, lambda resolved: with_change_stamp(resolved.select(columns)))
    if previous is not None:  # resolve the affected match components only
        resolved = resolve_people_incremental(
            records, previous, generic, excluded, by_domain, max_size, rules, batch, workers
        )
    else:
        resolved = people_resolver(generic, excluded, by_domain, max_size, rules, batch, workers)(records)
    return change_set(dbt, session, resolved.select(columns), records)
