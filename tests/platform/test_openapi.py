"""/openapi.json documents every endpoint of docs/platform-api.md."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from reference_platform import EmbeddedPlatform

DOCUMENTED = [
    ("get", "/api/v1/catalog"),
    ("get", "/api/v1/platform-key"),
    ("post", "/api/v1/consents"),
    ("delete", "/api/v1/consents/{token}"),
    ("get", "/api/v1/records"),
    ("post", "/api/v1/applications"),
    ("get", "/api/v1/applications/{submission_ref}"),
    ("get", "/s/{submission_ref}"),
    ("get", "/api/v1/documents/{document_no}"),
    ("get", "/v/{document_no}"),
    ("post", "/api/v1/ratings"),
    ("post", "/api/v1/reports"),
    ("post", "/api/v1/kiosks/{kiosk_id}/heartbeat"),
    ("get", "/healthz"),
    ("get", "/api/v1/suishen/anchor"),
    ("get", "/api/v1/suishen/trust-list"),
    ("get", "/api/v1/suishen/revocations"),
    ("post", "/api/v1/suishen/codes"),
    # Mounted only with demo codes on / an admin token set, as in EmbeddedPlatform.
    ("post", "/api/v1/suishen/demo-codes"),
    ("post", "/api/v1/suishen/revoke"),
    ("post", "/api/v1/suishen/issuer-keys/rotate"),
]


@pytest.fixture(scope="module")
def spec(platform: EmbeddedPlatform) -> dict[str, Any]:
    response = httpx.get(platform.url + "/openapi.json")
    assert response.status_code == 200
    return response.json()


def test_every_documented_endpoint_is_listed_with_a_description(spec: dict[str, Any]) -> None:
    listed = {(m, p) for p, ops in spec["paths"].items() for m in ops}
    assert set(DOCUMENTED) <= listed
    for method, path in DOCUMENTED:
        operation = spec["paths"][path][method]
        assert operation.get("summary") and operation.get("description"), (method, path)


def test_request_bodies_are_documented_models(spec: dict[str, Any]) -> None:
    bodies = {
        ("post", "/api/v1/consents"): "ConsentRequest",
        ("post", "/api/v1/applications"): "ApplicationRequest",
        ("post", "/api/v1/ratings"): "RatingRequest",
        ("post", "/api/v1/reports"): "ReportRequest",
        ("post", "/api/v1/kiosks/{kiosk_id}/heartbeat"): "Heartbeat",
        ("post", "/api/v1/suishen/codes"): "CodeRequest",
        ("post", "/api/v1/suishen/demo-codes"): "DemoCodeRequest",
        ("post", "/api/v1/suishen/revoke"): "RevokeRequest",
        ("post", "/api/v1/suishen/issuer-keys/rotate"): "RotateRequest",
    }
    for (method, path), model in bodies.items():
        content = spec["paths"][path][method]["requestBody"]["content"]["application/json"]
        assert content["schema"]["$ref"].endswith("/" + model)
    schemas = spec["components"]["schemas"]
    assert "Catalog" in schemas and "CatalogItem" in schemas
    assert set(schemas["ReportReason"]["enum"]) >= {"cannot_find_service", "device_problem"}


def test_certificate_document_and_its_verification_are_described(spec: dict[str, Any]) -> None:
    schemas = spec["components"]["schemas"]
    received = schemas["ApplicationReceived"]
    assert received["properties"]["document"]["$ref"].endswith("/CertificateDocument")
    assert "document" not in received["required"]
    assert set(schemas["CertificateDocument"]["required"]) == {
        "document_no",
        "title",
        "issuer",
        "issued_at",
        "holder",
        "fields",
        "table",
        "note",
        "verify_url",
    }
    lookup = spec["paths"]["/api/v1/documents/{document_no}"]["get"]["responses"]
    assert lookup["200"]["content"]["application/json"]["schema"]["$ref"].endswith(
        "/DocumentVerification"
    )
    assert "404" in lookup


def test_suishen_documents_are_described_as_cose(spec: dict[str, Any]) -> None:
    for path in ("/api/v1/suishen/trust-list", "/api/v1/suishen/revocations"):
        responses = spec["paths"][path]["get"]["responses"]
        assert "application/cose" in responses["200"]["content"], path
        assert {"ETag", "X-Suishen-Seq"} <= set(responses["200"]["headers"]), path
        assert "304" in responses
    since = spec["paths"]["/api/v1/suishen/revocations"]["get"]["parameters"]
    assert "since" in {p["name"] for p in since}
    issued = spec["paths"]["/api/v1/suishen/codes"]["post"]["responses"]["201"]
    assert issued["content"]["application/json"]["schema"]["$ref"].endswith("/IssuedCodeView")
    kinds = spec["components"]["schemas"]["CodeKind"]["enum"]
    assert set(kinds) == {"valid", "expired", "revoked", "forged", "tampered"}


def test_write_endpoints_document_the_idempotency_key(spec: dict[str, Any]) -> None:
    for path in ("/api/v1/applications", "/api/v1/ratings", "/api/v1/reports"):
        params = spec["paths"][path]["post"]["parameters"]
        names = {p["name"] for p in params if p["in"] == "header"}
        assert {"Idempotency-Key", "X-Kiosk-Id"} <= names, path


def test_validation_errors_are_documented_with_the_error_body(spec: dict[str, Any]) -> None:
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            answer = operation["responses"].get("422")
            if answer is None or "application/json" not in answer.get("content", {}):
                continue
            schema = answer["content"]["application/json"]["schema"]
            assert schema["$ref"].endswith("/ErrorBody"), (method, path)
