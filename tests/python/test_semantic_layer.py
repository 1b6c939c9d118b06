"""The semantic layer (models/marts/semantic/_semantic__models.yml): `dbt parse` writes the metrics into
target/semantic_manifest.json, MetricFlow's own validator finds nothing blocking in it, and the metrics a BI tool
asks for by name are there, on the models the marts define them on."""

from __future__ import annotations

import json

import pytest

from tests.conftest import run_dbt

# metric → the model its numbers come from (the contract the README documents)
EXPECTED_METRICS = {
    "arr": "fct_arr_movements",
    "nrr_ttm": "rpt_net_revenue_retention",
    "grr_ttm": "rpt_net_revenue_retention",
    "win_rate": "fct_opportunities",
    "win_rate_amount": "fct_opportunities",
    "pipeline_created_amount": "fct_opportunities",
    "pipeline_coverage": "rpt_pipeline_weekly",
    "lead_response_time": "fct_lead_response",
    "lead_response_within_sla_share": "fct_lead_response",
}


@pytest.fixture(scope="module")
def semantic_manifest(tmp_path_factory: pytest.TempPathFactory) -> dict:
    work = tmp_path_factory.mktemp("semantic")
    run_dbt(work / "parse.duckdb", work, "parse")
    return json.loads((work / "target" / "semantic_manifest.json").read_text(encoding="utf-8"))


def measures_of(metric: dict, metrics: dict[str, dict]) -> set[str]:
    """The measures a metric reads, through the metrics a ratio or derived metric is made of."""
    params = metric["type_params"]
    if params.get("measure"):
        return {params["measure"]["name"]}
    inputs = [params.get("numerator"), params.get("denominator"), *(params.get("metrics") or [])]
    return {name for item in inputs if item for name in measures_of(metrics[item["name"]], metrics)}


def test_the_metrics_are_in_the_semantic_manifest(semantic_manifest: dict) -> None:
    metrics = {metric["name"]: metric for metric in semantic_manifest["metrics"]}
    model_of_measure = {
        measure["name"]: semantic_model["node_relation"]["alias"]
        for semantic_model in semantic_manifest["semantic_models"]
        for measure in semantic_model["measures"]
    }

    assert set(EXPECTED_METRICS) <= set(metrics), sorted(set(EXPECTED_METRICS) - set(metrics))
    for name, model in EXPECTED_METRICS.items():
        assert {model_of_measure[measure] for measure in measures_of(metrics[name], metrics)} == {model}, name
    assert {metrics[name]["type"] for name in ("nrr_ttm", "grr_ttm", "win_rate", "pipeline_coverage")} == {"ratio"}


def test_the_semantic_manifest_has_a_time_spine_and_validates(semantic_manifest: dict) -> None:
    from dbt_semantic_interfaces.implementations.semantic_manifest import PydanticSemanticManifest
    from dbt_semantic_interfaces.validations.semantic_manifest_validator import SemanticManifestValidator

    spines = semantic_manifest["project_configuration"]["time_spines"]
    manifest = PydanticSemanticManifest.parse_obj(semantic_manifest)
    results = SemanticManifestValidator[PydanticSemanticManifest]().validate_semantic_manifest(manifest)

    assert [(spine["node_relation"]["alias"], spine["primary_column"]["name"]) for spine in spines] == [
        ("dim_dates", "date_day")
    ]
    assert not results.has_blocking_issues, [str(issue) for issue in results.all_issues]


def test_every_metric_is_described(semantic_manifest: dict) -> None:
    undocumented = [metric["name"] for metric in semantic_manifest["metrics"] if not metric.get("description")]

    assert undocumented == []
