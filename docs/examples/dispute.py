"""An arbitration from a signed deal, played through the public REST API.

    python docs/examples/dispute.py http://127.0.0.1:8000

Read-write tokens come from environment variables (make them with
`ipharbour token create --user <e-mail> --scope read-write` or in the account page):
  IPHARBOUR_TOKEN_CLAIMANT    a person who sat in the signed deal and acts for the claimant
  IPHARBOUR_TOKEN_RESPONDENT  a person of the other side of the deal
  IPHARBOUR_TOKEN_OFFICER     a case officer of the institution whose rules are used
  IPHARBOUR_TOKEN_ARBITRATOR  an arbitrator on the roster, who will preside
A missing token is made with that command when IPHARBOUR_EMAIL_<ROLE> names the person (IPHARBOUR_CLI names
another command than `ipharbour`, e.g. "python manage.py").
Optional: IPHARBOUR_RULES (default hkiac-2024) and IPHARBOUR_DEAL_ROOM (default: the claimant's first
signed deal).

Steps: file the case with the deal's agreement and term sheets; find an arbitrator the conflict check
refuses and see the nomination refused; each side nominates a co-arbitrator and the institution appoints
the presiding arbitrator; the claimant files its statement and the respondent, once served, its answer;
the tribunal makes a final award. Standard library only. Exits non-zero at the first failed step; the last
line printed is a JSON object with "case_url".
"""

import base64
import os

from harbour import Client, StepFailed, run, say, tokens_for

ROLES = ("CLAIMANT", "RESPONDENT", "OFFICER", "ARBITRATOR")


def file_case(client: Client) -> dict:
    deals = client.expect(200, "CLAIMANT", "GET", "/deals")
    wanted = os.environ.get("IPHARBOUR_DEAL_ROOM")
    deal = next((d for d in deals if not wanted or str(d["id"]) == wanted), None)
    if deal is None:
        raise StepFailed("the claimant sits in no signed deal (set IPHARBOUR_DEAL_ROOM)")
    me = client.expect(200, "CLAIMANT", "GET", "/api/v1/me")
    mine = {m["organisation"] for m in me["memberships"]}
    claimant = deal["seller"] if deal["seller"] in mine else deal["buyer"]
    say(f"filing an arbitration from deal {deal['id']} for {claimant}")
    case = client.expect(
        201,
        "CLAIMANT",
        "POST",
        "/cases",
        {
            "kind": "arbitration",
            "rules": os.environ.get("IPHARBOUR_RULES", "hkiac-2024"),
            "title": f"Dispute under the agreement of deal {deal['id']}",
            "claimant": claimant,
            "summary": "The licensee has not paid the upfront payment.",
            "amount_in_dispute": "3000000",
            "currency": "HKD",
            "deal_room": deal["id"],
            "agreement": True,
            "term_sheets": deal["term_sheets"],
        },
    )
    for copy in case["files"]:
        check = client.expect(200, "CLAIMANT", "GET", f"/cases/{case['id']}/files/{copy['id']}/verify")
        if not (check["copy_intact"] and check["matches_deal"]):
            raise StepFailed(f"file {copy['filename']} does not match the deal")
    return case


def screen_roster(client: Client, case_id: int) -> tuple[list[int], dict]:
    """The neutrals who may sit, and one the conflict check refuses."""
    clean, conflicted = [], None
    for neutral in client.expect(200, "CLAIMANT", "GET", "/neutrals?role=arbitrator"):
        check = client.expect(200, "CLAIMANT", "GET", f"/cases/{case_id}/conflict-check/{neutral['id']}")
        if check["may_sit"]:
            clean.append(neutral["id"])
        elif conflicted is None:
            conflicted = {"id": neutral["id"], "name": neutral["name"]}
    if conflicted is None:
        raise StepFailed("no arbitrator on the roster has a conflict to refuse")
    return clean, conflicted


def constitute(client: Client, case_id: int) -> tuple[list[int], str]:
    presiding = client.expect(200, "ARBITRATOR", "GET", "/neutrals/me")["id"]
    clean, conflicted = screen_roster(client, case_id)
    say(f"nominating {conflicted['name']}, who has a conflict")
    refused = client.expect(
        409,
        "CLAIMANT",
        "POST",
        f"/cases/{case_id}/appointments",
        {"neutral": conflicted["id"], "role": "co", "method": "party"},
    )
    co = [n for n in clean if n != presiding]
    if presiding not in clean or len(co) < 2:
        raise StepFailed("the roster needs three arbitrators free of conflicts, the presiding one among them")
    say("each side nominates a co-arbitrator; the institution appoints the presiding arbitrator")
    for role, neutral in (("CLAIMANT", co[0]), ("RESPONDENT", co[1])):
        client.expect(
            201,
            role,
            "POST",
            f"/cases/{case_id}/appointments",
            {"neutral": neutral, "role": "co", "method": "party", "declaration": "I am independent."},
        )
    client.expect(
        201,
        "OFFICER",
        "POST",
        f"/cases/{case_id}/appointments",
        {"neutral": presiding, "role": "presiding", "method": "institution"},
    )
    return [co[0], co[1], presiding], refused["detail"]


def exchange(client: Client, case_id: int) -> list[int]:
    say("the claimant files its statement of claim; the respondent is served and answers")
    document = base64.b64encode(b"Statement of claim: the upfront payment is due.").decode()
    claim = client.expect(
        201,
        "CLAIMANT",
        "POST",
        f"/cases/{case_id}/submissions",
        {
            "kind": "statement",
            "title": "Statement of claim",
            "body": "See the attached statement.",
            "documents": [{"filename": "statement.txt", "content_base64": document}],
        },
    )
    client.expect(200, "RESPONDENT", "GET", f"/cases/{case_id}/submissions/{claim['number']}")
    answer = client.expect(
        201,
        "RESPONDENT",
        "POST",
        f"/cases/{case_id}/submissions",
        {"kind": "answer", "title": "Answer", "body": "The payment was not due yet."},
    )
    served = client.expect(200, "CLAIMANT", "GET", f"/cases/{case_id}/submissions/{claim['number']}")
    if not any(s["opened_at"] for s in served["services"]):
        raise StepFailed("the record of service does not show the respondent opening the claim")
    return [claim["number"], answer["number"]]


def play(base: str) -> dict:
    client = Client(base, tokens_for("dispute", ROLES), prefix="/api/v1/disputes")
    case = file_case(client)
    tribunal, refusal = constitute(client, case["id"])
    docket = exchange(client, case["id"])
    say("the tribunal makes its final award")
    award = client.expect(
        201,
        "ARBITRATOR",
        "POST",
        f"/cases/{case['id']}/decisions",
        {
            "kind": "final_award",
            "title": "Final award",
            "outcome": "claimant",
            "text": "The respondent shall pay the upfront payment with interest.",
        },
    )
    final = client.expect(200, "CLAIMANT", "GET", f"/cases/{case['id']}")
    if final["status"] != "awarded":
        raise StepFailed(f"the case is {final['status']}, not awarded")
    return {
        "case_url": client.base + case["url"],
        "reference": case["reference"],
        "status": final["status"],
        "files": [f["sha256"] for f in case["files"]],
        "refused": refusal,
        "tribunal": tribunal,
        "docket": docket,
        "award_sha256": award["sha256"],
    }


if __name__ == "__main__":
    run(play, __doc__ or "")
