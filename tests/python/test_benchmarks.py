"""The benchmark's layer split of a dbt build (benchmarks/pipeline.py), on hand-made dbt artifacts."""

from __future__ import annotations

import pytest

from benchmarks.pipeline import layer_seconds


def _artifacts(models: dict[str, list[str]], tests: dict[str, float], seconds: dict[str, float]) -> tuple[dict, dict]:
    """run_results.json and manifest.json of a build of `models` (name: folders under models/) and `tests`."""
    manifest = {"nodes": {f"model.p.{name}": {"fqn": ["p", *folders, name]} for name, folders in models.items()}}
    results = [{"unique_id": f"model.p.{name}", "execution_time": seconds[name]} for name in models]
    results += [{"unique_id": f"test.p.{name}", "execution_time": time} for name, time in tests.items()]
    results.append({"unique_id": "seed.p.legal_forms", "execution_time": 100.0})
    return {"results": results, "elapsed_time": 42.0}, manifest


def test_each_node_counts_in_the_layer_of_its_folder() -> None:
    models = {
        "stg_hubspot__contacts": ["staging", "hubspot"],
        "stg_salesforce__leads": ["staging", "salesforce"],
        "int_person_identities_resolved": ["intermediate", "identity"],
        "int_account_signals": ["intermediate", "revops"],
        "int_hubspot__person_records": ["intermediate", "vendors", "hubspot"],
        "dim_people": ["marts", "core"],
    }
    seconds = dict(zip(models, (1.0, 2.0, 4.0, 8.0, 16.0, 32.0), strict=True))
    run_results, manifest = _artifacts(models, {"unique_dim_people_person_id": 0.5, "not_null_x": 0.25}, seconds)

    assert layer_seconds(run_results, manifest) == {
        "staging": 3.0,
        "intermediate/identity": 4.0,
        "other intermediate": 24.0,
        "marts": 32.0,
        "data tests": 0.75,
        "dbt elapsed": 42.0,
    }


def test_a_model_outside_the_layers_is_an_error_not_a_lost_second() -> None:
    run_results, manifest = _artifacts({"my_model": ["reports"]}, {}, {"my_model": 1.0})

    with pytest.raises(ValueError, match=r"model\.p\.my_model"):
        layer_seconds(run_results, manifest)
