#!/usr/bin/env python3
"""Play two pledge loans through the public REST API: one repaid, one defaulted and sold by auction.

    python docs/examples/pledge_loan.py https://exchange.example.org

Tokens come from IPHARBOUR_TOKEN_<ROLE> (personal read-write API tokens, made on the "API tokens" page or
with `ipharbour token create --scope read-write`): BORROWER, BANK, INSURER, GUARANTOR and OPERATOR are
required; RECOMMENDER, VALUER and BIDDER fall back to the operator's token and organisation. When a role
has no token but IPHARBOUR_EMAIL_<ROLE> names its person, the script makes a read-write token with
`ipharbour token create` on this machine (IPHARBOUR_CLI replaces `ipharbour`, e.g. "python manage.py").
Each role's organisation is the first organisation of the token's person (GET /api/v1/me), unless
IPHARBOUR_ORG_<ROLE> names another.

Every step prints one line; a failed step prints the problem and exits with status 1. The last line is a
JSON object: repaid_loan_url, defaulted_loan_url, pledged_asset_ids, loss, loss_allocation and
deal_room_url (the winning bidder's room with the bank; the script checks that the registry shows the buyer
as the collateral's owner).
Standard library only.
"""

from __future__ import annotations

import datetime
import time
from decimal import Decimal

from harbour import Client, StepFailed, organisation_of, run, tokens_for

REQUIRED = ("BORROWER", "BANK", "INSURER", "GUARANTOR", "OPERATOR")
OPTIONAL = ("RECOMMENDER", "VALUER", "BIDDER")


def tokens_from_environment() -> dict[str, str]:
    """The required roles' tokens; an optional role without one acts with the operator's."""
    found = tokens_for("pledge loan", REQUIRED, OPTIONAL)
    return {role: found.get(role, found["OPERATOR"]) for role in (*REQUIRED, *OPTIONAL)}


def organisations(client: Client) -> dict[str, str]:
    return {role: organisation_of(client, role) for role in (*REQUIRED, *OPTIONAL)}


def create_programme(client: Client, orgs: dict[str, str]) -> dict:
    return client.step(
        "operator sets up a programme (risk shares from the published Qingdao model)",
        "OPERATOR",
        "POST",
        "/api/v1/financing/programmes",
        {
            "name": f"Example pledge programme {datetime.datetime.now(datetime.UTC):%Y%m%d%H%M%S}",
            "currency": "HKD",
            "officers": [orgs["OPERATOR"]],
            "banks": [orgs["BANK"]],
            "insurers": [orgs["INSURER"]],
            "guarantors": [orgs["GUARANTOR"]],
            "recommenders": [orgs["RECOMMENDER"]],
            "valuers": [orgs["VALUER"]],
            "guarantee_fee_rate": "0.01",
            "interest_subsidy_cap": "50000",
            "premium_subsidy_cap": "30000",
            "subsidy_budget": "1000000",
            "max_loan": "5000000",
            "max_ltv": "0.5",
            "covenant_ltv": "0.7",
            "valuation_max_age_days": 365,
            "max_loans": 10,
            "default_days_past_due": 90,
            "late_fee_rate": "0.08",
        },
    )


def valued_asset(client: Client, orgs: dict[str, str], label: str, value: str) -> tuple[int, int]:
    """The borrower registers a public patent; the approved valuer values it and finalises the valuation."""
    stamp = f"{time.time_ns() % 10**10:010d}"
    asset = client.step(
        f"borrower registers asset {label}",
        "BORROWER",
        "POST",
        "/api/v1/assets",
        {
            "organisation": orgs["BORROWER"],
            "jurisdiction": "CN",
            "number": f"CN{stamp}A",
            "title": f"Example pledged invention {label}",
            "visibility": "public",
            "legal_status": "granted",
        },
    )
    cost = {"cost": {"currency": "HKD", "cost_items": [{"description": "replacement cost", "amount": value}]}}
    valuation = client.step(
        f"valuer values asset {label}",
        "VALUER",
        "POST",
        "/api/v1/valuation/valuations",
        {
            "asset": asset["id"],
            "purpose": "financing",
            "methods": ["cost"],
            "inputs": cost,
            "currency": "HKD",
            "valuer": orgs["VALUER"],
        },
    )
    client.step(
        f"valuer runs valuation {label}",
        "VALUER",
        "POST",
        f"/api/v1/valuation/valuations/{valuation['id']}/run",
    )
    client.step(
        f"valuer finalises valuation {label}",
        "VALUER",
        "POST",
        f"/api/v1/valuation/valuations/{valuation['id']}/finalise",
    )
    return asset["id"], valuation["id"]


def approved_loan(client: Client, orgs: dict[str, str], programme: int, label: str, terms: dict) -> dict:
    """Apply, then recommend → guarantee → insure → lend → disburse, each by its own party."""
    asset, valuation = valued_asset(client, orgs, label, terms["collateral"])
    loan = client.step(
        f"borrower applies for loan {label}",
        "BORROWER",
        "POST",
        "/api/v1/financing/loans",
        {
            "programme": programme,
            "borrower": orgs["BORROWER"],
            "recommender": orgs["RECOMMENDER"],
            "guarantor": orgs["GUARANTOR"],
            "insurer": orgs["INSURER"],
            "bank": orgs["BANK"],
            "amount": terms["principal"],
            "term_months": terms["term_months"],
            "technology_field": "chemistry",
            "assets": [{"asset": asset, "valuation": valuation, "registration_number": f"ZL-{label}"}],
        },
    )
    path = f"/api/v1/financing/loans/{loan['id']}"
    client.step(
        f"recommender vouches for loan {label}",
        "RECOMMENDER",
        "POST",
        f"{path}/recommend",
        {"reasons": "Known SME"},
    )
    client.step(
        f"guarantor approves loan {label}", "GUARANTOR", "POST", f"{path}/guarantee", {"fee": terms["fee"]}
    )
    client.step(f"insurer underwrites loan {label}", "INSURER", "POST", f"{path}/insure", {})
    lend = {key: terms[key] for key in ("principal", "annual_rate", "term_months", "repayment_type")}
    client.step(f"bank approves loan {label}; the pledge is registered", "BANK", "POST", f"{path}/lend", lend)
    return client.step(f"bank disburses loan {label}", "BANK", "POST", f"{path}/disburse", {})


def repay(client: Client, loan: dict) -> None:
    path = f"/api/v1/financing/loans/{loan['id']}"
    for line in client.call("BANK", "GET", f"{path}/schedule"):
        amount = Decimal(line["principal"]) + Decimal(line["interest"])
        client.step(
            f"bank records instalment {line['number']}",
            "BANK",
            "POST",
            f"{path}/payments",
            {
                "amount": str(amount),
                "currency": "HKD",
                "paid_on": line["due_date"],
                "reference": f"instalment {line['number']}",
            },
        )
    stage = client.call("BORROWER", "GET", path)["stage"]
    if stage != "repaid":
        raise StepFailed(f"loan {loan['id']} is {stage} after all instalments, not repaid")
    print("ok  loan repaid; the pledge is released", flush=True)


def default_and_auction(client: Client, orgs: dict[str, str], loan: dict, bid: str) -> dict:
    path = f"/api/v1/financing/loans/{loan['id']}"
    client.step(
        "bank declares the second loan in default",
        "BANK",
        "POST",
        f"{path}/default",
        {"reasons": "Borrower stopped paying"},
    )
    ends = datetime.datetime.now(datetime.UTC) + datetime.timedelta(seconds=3)
    auction = client.step(
        "bank puts the collateral up for a sealed-bid auction",
        "BANK",
        "POST",
        f"{path}/disposals",
        {"method": "auction", "reserve_price": "100000", "sealed": True, "ends_at": ends.isoformat()},
    )
    client.step(
        "a bidder bids",
        "BIDDER",
        "POST",
        f"/api/v1/financing/disposals/{auction['id']}/bids",
        {"bidder": orgs["BIDDER"], "amount": bid},
    )
    for _attempt in range(60):
        time.sleep(1)
        try:
            closed = client.call("BANK", "POST", f"/api/v1/financing/disposals/{auction['id']}/close")
        except StepFailed as error:
            if " 409 " not in str(error):
                raise
            continue  # the auction is still running
        print("ok  bank closes the auction", flush=True)
        if closed["status"] != "sold":
            raise StepFailed(f"the auction ended {closed['status']}")
        return closed
    raise StepFailed("the auction did not close within a minute")


def check_sale(client: Client, orgs: dict[str, str], loan: dict, closed: dict) -> int:
    """The buyer holds the title in the registry, and its deal with the bank has a deal room."""
    room = closed.get("deal_room_id")
    if not room:
        raise StepFailed("no deal room was opened for the winning bidder")
    client.step(
        "the winning bidder finds its deal room with the bank", "BIDDER", "GET", f"/api/v1/deals/rooms/{room}"
    )
    for item in loan["pledged"]:
        asset = client.call("BIDDER", "GET", f"/api/v1/assets/{item['asset_id']}")
        if asset.get("owner") != orgs["BIDDER"] or not asset.get("transfers"):
            raise StepFailed(f"asset {item['asset_id']} was not transferred to the buyer in the registry")
    print("ok  the registry's chain of title shows the buyer", flush=True)
    return room


def loss_allocation(client: Client, loan: dict) -> tuple[str, dict[str, str]]:
    """Each party reads its own statement; together they make the allocation."""
    path = f"/api/v1/financing/loans/{loan['id']}/statement"
    parts, loss = {}, ""
    for role in ("INSURER", "GUARANTOR", "BANK"):
        statement = client.step(f"{role.lower()} reads its loss statement", role, "GET", path)
        loss = statement["loss"]
        for line in statement["lines"]:
            if line["party"] == role.lower():
                parts[line["party"]] = line["loss"]
    if sum(Decimal(value) for value in parts.values()) > Decimal(loss):
        raise StepFailed("the parties' shares exceed the loss")
    return loss, parts


def main(base: str) -> dict:
    client = Client(base, tokens_from_environment())
    orgs = organisations(client)
    programme = create_programme(client, orgs)["id"]
    repaid = approved_loan(
        client,
        orgs,
        programme,
        "A",
        {
            "collateral": "4000000",
            "principal": "1000000",
            "annual_rate": "0.045",
            "term_months": 12,
            "repayment_type": "annuity",
            "fee": "10000",
        },
    )
    repay(client, repaid)
    defaulted = approved_loan(
        client,
        orgs,
        programme,
        "B",
        {
            "collateral": "2000000",
            "principal": "800000",
            "annual_rate": "0.05",
            "term_months": 6,
            "repayment_type": "bullet",
            "fee": "8000",
        },
    )
    closed = default_and_auction(client, orgs, defaulted, "300000")
    room = check_sale(client, orgs, defaulted, closed)
    loss, parts = loss_allocation(client, defaulted)
    return {
        "repaid_loan_url": base.rstrip("/") + repaid["url"],
        "defaulted_loan_url": base.rstrip("/") + defaulted["url"],
        "pledged_asset_ids": [item["asset_id"] for loan in (repaid, defaulted) for item in loan["pledged"]],
        "loss": loss,
        "loss_allocation": parts,
        "deal_room_url": f"{base.rstrip('/')}/api/v1/deals/rooms/{room}",
    }


if __name__ == "__main__":
    run(main, __doc__ or "")
