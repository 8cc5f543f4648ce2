"""An arbitrator applies to a centre's roster and the centre approves, through the public REST API.

    python docs/examples/roster_application.py http://127.0.0.1:8000

Read-write tokens come from environment variables (make them with
`ipharbour token create --user <e-mail> --scope read-write` or in the account page):
  IPHARBOUR_TOKEN_APPLICANT   the arbitrator or mediator who applies
  IPHARBOUR_TOKEN_OFFICER     a member of the centre (an arbitration or mediation institution)
A missing token is made for the person in IPHARBOUR_EMAIL_<ROLE>, as in harbour.py. Optional:
IPHARBOUR_CENTRE (the centre's slug; default: the officer's first organisation) and IPHARBOUR_NEUTRAL_NAME.

Steps: the applicant applies with qualifications, languages, specialisms and a declared conflict; the
officer finds the application among those made to the centre and approves it with reasons; the applicant
appears on the public roster with the conflict declared. Standard library only, with the examples'
shared client (harbour.py). Exits non-zero at the first failed step; the last line printed is a JSON
object with "application_url".
"""

import os

from harbour import Client, StepFailed, run, say, tokens_for

ROLES = ("APPLICANT", "OFFICER")


def apply(client: Client, centre: str, name: str) -> dict:
    say(f"the applicant applies to the roster of {centre}")
    return client.expect(
        201,
        "APPLICANT",
        "POST",
        "/roster-applications",
        {
            "centre": centre,
            "name": name,
            "arbitrator": True,
            "mediator": True,
            "qualifications": "FCIArb; 15 years in patent licensing",
            "specialisms": "Biologics licensing, royalty audits",
            "languages": ["en", "zh-hant"],
            "jurisdictions": ["HK"],
            "hourly_rate": "6500",
            "currency": "HKD",
            "conflicts": [{"name": "Example Rival Pharma", "reason": "Former general counsel"}],
        },
    )


def approve(client: Client, application: dict) -> dict:
    say("the centre's officer finds the application and approves it with reasons")
    waiting = client.expect(200, "OFFICER", "GET", "/roster-applications")
    if application["id"] not in [a["id"] for a in waiting]:
        raise StepFailed("the officer does not see the application")
    return client.expect(
        200,
        "OFFICER",
        "POST",
        f"/roster-applications/{application['id']}/decision",
        {"approve": True, "reason": "Qualifications and independence checked."},
    )


def play(base: str) -> dict:
    client = Client(base, tokens_for("roster_application", ROLES), prefix="/api/v1/disputes")
    centre = os.environ.get("IPHARBOUR_CENTRE") or next(
        iter(m["organisation"] for m in client.expect(200, "OFFICER", "GET", "/api/v1/me")["memberships"]), ""
    )
    application = apply(client, centre, os.environ.get("IPHARBOUR_NEUTRAL_NAME", "Example Arbitrator"))
    decided = approve(client, application)
    if decided["status"] != "approved":
        raise StepFailed(f"the application is {decided['status']}, not approved")
    say("the applicant is on the public roster")
    entry = client.expect(200, "APPLICANT", "GET", "/neutrals/me")
    if entry["id"] not in [n["id"] for n in client.expect(200, "APPLICANT", "GET", "/neutrals")]:
        raise StepFailed("the new neutral is not on the roster")
    conflicts = client.expect(200, "APPLICANT", "GET", f"/neutrals/{entry['id']}/conflicts")
    return {
        "application_url": f"{client.base}/api/v1/disputes/roster-applications/{application['id']}",
        "status": decided["status"],
        "neutral": entry["id"],
        "conflicts": [c.get("name") or c.get("organisation") for c in conflicts],
    }


if __name__ == "__main__":
    run(play, __doc__ or "")
