"""The OpenAPI document: a typed response on every route, the ingest request body, and the bearer scheme."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from assistant.api.app import create_app
from tests.conftest import make_settings

METHODS = {"get", "post", "put", "patch", "delete"}


@pytest.fixture
def doc(tmp_path: Path) -> dict[str, Any]:
    # The document is built from the routes alone: no lifespan, no stores.
    openapi: dict[str, Any] = create_app(make_settings(tmp_path, auth="on")).openapi()
    return openapi


def operations(doc: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [(m, p, op) for p, ops in doc["paths"].items() for m, op in ops.items() if m in METHODS]


def refs(node: Any) -> list[str]:
    if isinstance(node, dict):
        return [v for k, v in node.items() if k == "$ref"] + [r for v in node.values() for r in refs(v)]
    if isinstance(node, list):
        return [r for v in node for r in refs(v)]
    return []


def test_every_route_has_a_typed_success_response(doc: dict[str, Any]) -> None:
    ops = operations(doc)
    assert len(ops) >= 12
    for method, path, op in ops:
        ok = op["responses"]["200"]
        assert ok.get("description"), (method, path)
        for media, body in ok["content"].items():
            schema = body["schema"]
            assert schema and schema != {"type": "string"} or body.get("itemSchema"), (method, path, media)
        if method in ("post", "put", "patch"):
            assert op["requestBody"]["content"]["application/json"]["schema"], (method, path)


def test_responses_point_at_models_with_examples(doc: dict[str, Any]) -> None:
    schemas = doc["components"]["schemas"]
    for name in ("IngestResult", "EventList", "Stats", "AskResponse", "Summary", "Erased", "UserList", "CreatedUser",
                 "Reindexed", "Health", "StoredEvent", "AskRequest", "IngestBatch"):
        assert schemas[name].get("examples") or any(
            "examples" in prop for prop in schemas[name]["properties"].values()
        ), name
    ask = schemas["AskResponse"]["properties"]
    assert set(ask) == {"answer", "language", "intent", "time_range", "unparsed_time", "sources", "matched",
                        "conversation_id"}
    assert set(schemas["TimeRange"]["properties"]) == {"start", "end", "phrase", "grain"}
    assert set(schemas["Source"]["properties"]) == {"event_id", "type", "ts", "text", "score"}
    assert set(schemas["Rejection"]["properties"]) == {"index", "error", "field"}


def test_ingest_documents_its_request_without_parsing_it_through_pydantic(doc: dict[str, Any]) -> None:
    op = doc["paths"]["/api/v1/stream/ingest"]["post"]
    schema = op["requestBody"]["content"]["application/json"]["schema"]
    assert schema == {"$ref": "#/components/schemas/IngestBatch"}
    batch = doc["components"]["schemas"]["IngestBatch"]
    assert batch["required"] == ["user_id", "events"]
    mapping = batch["properties"]["events"]["items"]["discriminator"]["mapping"]
    assert set(mapping) == {"geo", "purchase", "social", "health", "activity", "diary"}
    assert doc["components"]["schemas"]["GeoEvent"]["required"] == ["type", "lat", "lon"]
    export = doc["paths"]["/api/v1/users/{user_id}/export"]["get"]["responses"]["200"]["content"]
    assert list(export) == ["application/x-ndjson"]


def test_every_ref_resolves(doc: dict[str, Any]) -> None:
    names = set(doc["components"]["schemas"])
    for ref in refs(doc["paths"]) + refs(doc["components"]):
        assert ref.startswith("#/components/schemas/") and ref.rsplit("/", 1)[1] in names, ref


def test_bearer_scheme_is_declared_on_every_route_but_health(doc: dict[str, Any]) -> None:
    assert doc["components"]["securitySchemes"]["bearer"] == {
        "type": "http", "scheme": "bearer", "description": doc["components"]["securitySchemes"]["bearer"]["description"]
    }
    for method, path, op in operations(doc):
        if path == "/health":
            assert "security" not in op
        else:
            assert op["security"] == [{"bearer": []}], (method, path)
            assert {"401", "403"} <= set(op["responses"]), (method, path)
