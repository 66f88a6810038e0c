"""HTTP calls the Suishen tests share, each checking what every answer must hold."""

from __future__ import annotations

from typing import Any

import httpx

from .sc1 import Sign1, anchor_document


def consent_token(client: httpx.Client, who: dict[str, str]) -> str:
    response = client.post(
        "/api/v1/consents", json={**who, "method": "id_card", "scope": ["records"]}
    )
    assert response.status_code == 201, response.text
    return response.json()["token"]


def issue(client: httpx.Client, token: str, profile: str = "S", alg: str = "SM2") -> httpx.Response:
    return client.post(
        "/api/v1/suishen/codes",
        json={"profile": profile, "alg": alg},
        headers={"Authorization": f"Consent {token}"},
    )


def issued(client: httpx.Client, who: dict[str, str], profile: str, alg: str) -> dict[str, Any]:
    response = issue(client, consent_token(client, who), profile, alg)
    assert response.status_code == 201, response.text
    return response.json()


def demo_code(
    client: httpx.Client, who: dict[str, str], kind: str, profile: str = "S", alg: str = "SM2"
) -> dict[str, Any]:
    response = client.post(
        "/api/v1/suishen/demo-codes",
        json={"id_number": who["id_number"], "kind": kind, "profile": profile, "alg": alg},
    )
    assert response.status_code == 201, response.text
    return response.json()


def anchor_spki(client: httpx.Client) -> bytes:
    response = client.get("/api/v1/suishen/anchor")
    assert response.status_code == 200
    return bytes.fromhex(response.json()["spki"])


def trust_list(client: httpx.Client) -> Sign1:
    """The served trust list, verified under the anchor."""
    response = client.get("/api/v1/suishen/trust-list")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/cose"
    return anchor_document(response.content, anchor_spki(client))


def revocations(client: httpx.Client, since: int | None = None) -> Sign1:
    """The served revocation document (full, or a delta with `since`), verified."""
    params = {} if since is None else {"since": since}
    response = client.get("/api/v1/suishen/revocations", params=params)
    assert response.status_code == 200, response.status_code
    document = anchor_document(response.content, anchor_spki(client))
    assert int(response.headers["X-Suishen-Seq"]) == document.payload["seq"]
    return document


def admin(client: httpx.Client, token: str, path: str, body: dict[str, Any]) -> httpx.Response:
    return client.post(path, json=body, headers={"Authorization": f"Admin {token}"})
