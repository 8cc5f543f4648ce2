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
from typing import Any

from harbour import Client, StepFailed, organisation_of, run, tokens_for

ROLES = ("OWNER", "VALUER")


def play(base: str) -> dict[str, Any]:
    client = Client(base, tokens_for("valuation request", ROLES))
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


if __name__ == "__main__":
    run(play, __doc__ or "")
