#!/usr/bin/env python3
"""Play a valuation on request through the public REST API: the owner asks a valuer from its fee list, the
valuer accepts, values the asset, finalises and delivers.

    python docs/examples/valuation_request.py https://exchange.example.org

Tokens come from IPHARBOUR_TOKEN_OWNER and IPHARBOUR_TOKEN_VALUER (personal read-write API tokens, made on
the "API tokens" page or with `ipharbour token create --scope read-write`). The owner's organisation is the
first of the token's person (GET /api/v1/me) unless IPHARBOUR_ORG_OWNER names another; the valuer's service
is the cheapest one its organisation publishes. The valuer must publish at least one service.

Every step prints one line; a failed step prints the problem and exits with status 1. The last line is a
JSON object: request_url, valuation_url, status, fee and point_value. Standard library only.
"""

from __future__ import annotations

import datetime
import json
import os
import sys
import urllib.error
import urllib.request
from typing import Any

ROLES = ("OWNER", "VALUER")


class StepFailed(Exception):
    pass


class Client:
    def __init__(self, base: str, tokens: dict[str, str]):
        if not base.startswith(("http://", "https://")):
            raise StepFailed("the base URL must start with http:// or https://")
        self.base, self.tokens = base.rstrip("/"), tokens

    def call(self, role: str, method: str, path: str, body: dict | None = None) -> Any:
        data = json.dumps(body).encode() if body is not None else None
        # The scheme is checked in __init__: only http(s) URLs reach urlopen.
        request = urllib.request.Request(self.base + path, data=data, method=method)  # noqa: S310
        request.add_header("Authorization", f"Bearer {self.tokens[role]}")
        request.add_header("Accept", "application/json")
        if data is not None:
            request.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
                return json.loads(response.read() or b"null")
        except urllib.error.HTTPError as error:
            raise StepFailed(
                f"{method} {path} as {role.lower()}: {error.code} {error.read().decode(errors='replace')}"
            ) from None

    def step(self, label: str, role: str, method: str, path: str, body: dict | None = None) -> Any:
        result = self.call(role, method, path, body)
        print(f"ok  {label}", flush=True)
        return result


def tokens_from_environment() -> dict[str, str]:
    found = {role: os.environ.get(f"IPHARBOUR_TOKEN_{role}", "") for role in ROLES}
    missing = [role for role in ROLES if not found[role]]
    if missing:
        raise StepFailed("set " + ", ".join(f"IPHARBOUR_TOKEN_{role}" for role in missing))
    return found


def organisation_of(client: Client, role: str) -> str:
    if chosen := os.environ.get(f"IPHARBOUR_ORG_{role}"):
        return chosen
    memberships = client.call(role, "GET", "/api/v1/me")["memberships"]
    if not memberships:
        raise StepFailed(f"the {role.lower()} token's person belongs to no organisation")
    return memberships[0]["organisation"]


def play(client: Client) -> dict[str, Any]:
    owner, valuer = organisation_of(client, "OWNER"), organisation_of(client, "VALUER")
    stamp = f"{datetime.datetime.now(datetime.UTC):%Y%m%d%H%M%S%f}"
    asset = client.step(
        "owner registers a confidential patent",
        "OWNER",
        "POST",
        "/api/v1/assets",
        {
            "organisation": owner,
            "jurisdiction": "CN",
            "number": f"CN{stamp[-12:]}A",
            "title": "Anti-CLDN18.2 bispecific antibody for gastric cancer (example)",
            "visibility": "confidential",
        },
    )
    offered = client.step(
        "owner reads the valuers' fees", "OWNER", "GET", "/api/v1/valuation/requests/valuers"
    )
    services = sorted((s for s in offered if s["valuer"] == valuer), key=lambda s: float(s["fee_amount"]))
    if not services:
        raise StepFailed(f"the valuer {valuer} publishes no service")
    asked = client.step(
        f"owner asks {valuer} ({services[0]['fee_currency']} {services[0]['fee_amount']})",
        "OWNER",
        "POST",
        "/api/v1/valuation/requests",
        {"asset": asset["id"], "service": services[0]["id"], "message": "For licensing talks."},
    )
    path = f"/api/v1/valuation/requests/{asked['id']}"
    accepted = client.step("valuer accepts: a draft valuation opens", "VALUER", "POST", f"{path}/accept")
    valuation = f"/api/v1/valuation/valuations/{accepted['valuation']}"
    cost = {
        "currency": services[0]["fee_currency"],
        "cost_items": [{"description": "R&D", "amount": "8000000"}],
    }
    client.step(
        "valuer gives the cost method's inputs",
        "VALUER",
        "PUT",
        f"{valuation}/inputs",
        {"methods": ["cost"], "inputs": {"cost": cost}},
    )
    client.step("valuer runs the valuation", "VALUER", "POST", f"{valuation}/run")
    final = client.step("valuer finalises it", "VALUER", "POST", f"{valuation}/finalise")
    delivered = client.step("valuer delivers it to the owner", "VALUER", "POST", f"{path}/deliver")
    return {
        "request_url": client.base + path,
        "valuation_url": client.base + valuation,
        "status": delivered["status"],
        "fee": f"{delivered['fee_currency']} {delivered['fee_amount']}",
        "point_value": final.get("conclusion_point"),
    }


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    try:
        summary = play(Client(argv[1], tokens_from_environment()))
    except StepFailed as problem:
        print(f"failed: {problem}", file=sys.stderr)
        return 1
    print(json.dumps(summary, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
