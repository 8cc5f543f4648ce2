#!/usr/bin/env python3
"""Play one whole licence deal through IP Harbour's public REST API, checking every step.

    python docs/examples/deal_flow.py http://localhost:8000 [LISTING_ID]

Two people take part, each with a personal API token:

    IPHARBOUR_TOKEN_SELLER   the seller's lead (IPHARBOUR_TOKEN_BD is read when it is not set)
    IPHARBOUR_TOKEN_BUYER    the buyer's lead

A missing token is made with `ipharbour token create --user <e-mail> --scope read-write` when
IPHARBOUR_EMAIL_SELLER / _BUYER name the person (IPHARBOUR_CLI names another command than `ipharbour`, e.g.
"python manage.py"); the script writes, so a read-only token will not do.
The listing is the first of the seller's on the market unless given. The buyer expresses interest,
the seller accepts (a deal room opens), each lead becomes its side's signatory, the NDA is prepared and
signed by both, the seller discloses a confidential PDF that the buyer downloads watermarked, the seller
offers terms, the buyer counters, the seller accepts, the agreement is generated and signed by both; the
registry records the licence and the transparency log the deal. The last line printed is a JSON object
with "deal_url", "asset_id" and "ledger_indexes". Any failed check exits with status 1.

Only the standard library is used.
"""

import hashlib
import json
import os
import shlex
import subprocess
import sys
import urllib.error
import urllib.request
import uuid


class StepFailed(Exception):
    pass


class Client:
    """One person's view of the API: JSON in, JSON (or bytes) out, problems raised with their detail."""

    def __init__(self, base: str, token: str, name: str):
        self.base, self.token, self.name = base.rstrip("/"), token, name

    def call(self, method: str, path: str, body=None, *, raw: bytes | None = None, content_type: str = ""):
        data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
        request = urllib.request.Request(self.base + path, data=data, method=method)  # noqa: S310
        request.add_header("Authorization", f"Bearer {self.token}")
        request.add_header("Accept", "application/json")
        if data is not None:
            request.add_header("Content-Type", content_type or "application/json")
        try:
            with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 (the caller's own server)
                payload = response.read()
                kind = response.headers.get("Content-Type", "")
        except urllib.error.HTTPError as error:
            detail = error.read().decode(errors="replace")[:500]
            raise StepFailed(f"{self.name}: {method} {path} → {error.code} {detail}") from None
        return json.loads(payload) if kind.startswith("application/json") else payload

    def get(self, path: str):
        return self.call("GET", path)

    def post(self, path: str, body=None):
        return self.call("POST", path, body if body is not None else {})


def check(condition: bool, message: str) -> None:
    if not condition:
        raise StepFailed(message)
    print(f"ok  {message}")


def token_for(role: str, *fallbacks: str) -> str:
    for name in (role, *fallbacks):
        if value := os.environ.get(f"IPHARBOUR_TOKEN_{name}"):
            return value
    email = os.environ.get(f"IPHARBOUR_EMAIL_{role}")
    if not email:
        raise StepFailed(f"set IPHARBOUR_TOKEN_{role} (or IPHARBOUR_EMAIL_{role} to make one)")
    command = token_command(email)
    made = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
    if made.returncode != 0 or not made.stdout.strip():
        raise StepFailed(f"`{shlex.join(command)}` failed: {made.stderr.strip()[:300]}")
    return made.stdout.strip().splitlines()[-1]


def token_command(email: str) -> list[str]:
    """The command that makes a read-write token for `email` and prints it alone on standard output."""
    cli = shlex.split(os.environ.get("IPHARBOUR_CLI", "ipharbour"))
    return [*cli, "token", "create", "--user", email, "--scope", "read-write", "--name", "deal_flow example"]


def tiny_pdf(text: str) -> bytes:
    """A one-page PDF with correct cross-references, written by hand."""
    stream = f"BT /F1 14 Tf 72 760 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> "
        b"/Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def multipart(fields: dict[str, str], filename: str, data: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in fields.items()
    ]
    head = f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"\r\n'
    parts.append(head.encode() + b"Content-Type: application/pdf\r\n\r\n" + data + b"\r\n")
    return b"".join(parts) + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


def own_organisation(client: Client) -> str:
    me = client.get("/api/v1/me")
    check(bool(me["memberships"]), f"{client.name} belongs to an organisation")
    return me["memberships"][0]["organisation"]


def find_listing(seller: Client, chosen: str | None) -> dict:
    if chosen:
        return seller.get(f"/api/v1/listings/{int(chosen)}")
    page = seller.get("/api/v1/listings/mine")
    rows = page["items"] if isinstance(page, dict) else page
    mine = [row for row in rows if row["status"] == "published"]
    check(bool(mine), "the seller has a listing on the market")
    return seller.get(f"/api/v1/listings/{mine[0]['id']}")


def open_room(seller: Client, buyer: Client, listing: dict, buyer_org: str) -> dict:
    interest = buyer.post(
        f"/api/v1/listings/{listing['id']}/interests", {"organisation": buyer_org, "message": "Interested."}
    )
    check(interest["status"] == "pending", "the buyer expressed interest")
    accepted = seller.post(f"/api/v1/listings/leads/{interest['id']}/accept", {"note": "Welcome."})
    check(accepted["status"] == "accepted", "the seller accepted the lead")
    rooms = [
        r
        for r in buyer.get("/api/v1/deals/rooms")
        if r["listing"] == listing["id"] and r["buyer"] == buyer_org
    ]
    check(len(rooms) == 1, "a deal room opened for both sides")
    return rooms[0]


def become_signatories(room: str, seller: Client, buyer: Client) -> None:
    for client in (seller, buyer):
        seat = client.get(room)["my_seat"]
        changed = client.call("PATCH", f"{room}/members/{seat['id']}", {"role": "signatory"})
        check(changed["role"] == "signatory", f"the {client.name}'s lead is its side's signatory")


def sign_nda(room: str, seller: Client, buyer: Client) -> None:
    nda = seller.post(f"{room}/nda", {"governing_law": "Hong Kong", "term_months": 36})
    check(nda["prepared"] and len(nda["sha256"]) == 64, "the NDA was prepared from the operator's template")
    for client in (seller, buyer):
        signed = client.post(f"{room}/nda/sign", {"sha256": nda["sha256"]})
    check(signed["complete"] and len(signed["signatures"]) == 2, "both sides signed the NDA")


def share_document(room: str, seller: Client, buyer: Client) -> None:
    body, kind = multipart(
        {"tier": "confidential", "title": "CMC summary"}, "cmc.pdf", tiny_pdf("CMC summary")
    )
    document = seller.call("POST", f"{room}/documents", raw=body, content_type=kind)
    check(document["content_type"] == "application/pdf", "the seller disclosed a confidential PDF")
    copy = buyer.call("GET", f"/api/v1/deals/documents/{document['id']}/download")
    check(
        isinstance(copy, bytes)
        and copy.startswith(b"%PDF")
        and hashlib.sha256(copy).hexdigest() != document["sha256"],
        "the buyer downloaded a watermarked copy",
    )
    log = seller.get(f"{room}/access-log")
    check(any(row["action"] == "download" for row in log), "the seller sees the download in the access log")


def terms_for(asset_id: int, upfront: str) -> dict:
    return {
        "deal_type": "exclusive_licence", "assets": [asset_id], "field_of_use": "oncology",
        "territories": ["ASEAN"], "excluded_territories": [], "exclusivity": "exclusive", "currency": "USD",
        "upfront": upfront, "milestones": [{"kind": "regulatory", "event": "approval", "amount": "20000000"}],
        "royalty_tiers": [{"from": "0", "to": "100000000", "rate": "8"}, {"from": "100000000", "rate": "10"}],
        "step_downs": [{"trigger": "patent_expiry", "reduction": "50"}], "royalty_floor": "4",
        "sublicensing_share": "20", "term_years": 10, "royalty_years": 10,
    }  # fmt: skip


def agree_terms(room: str, seller: Client, buyer: Client, asset_id: int) -> None:
    seller.post(f"{room}/terms", {"terms": terms_for(asset_id, "5000000"), "note": "Our offer."})
    counter = buyer.post(f"{room}/terms", {"terms": terms_for(asset_id, "3500000"), "note": "Counter-offer."})
    changes = seller.get(f"{room}/terms/diff?a=1&b=2")
    check([row["term"] for row in changes] == ["upfront"], "the diff shows the counter-offer's change")
    accepted = seller.post(f"/api/v1/deals/terms/{counter['id']}/accept")
    check(accepted["status"] == "accepted", "the seller accepted version 2; the terms are locked")


def sign_agreement(room: str, seller: Client, buyer: Client) -> dict:
    agreement = seller.post(f"{room}/agreements", {"second_language": "zh-hant"})
    document = seller.call("GET", f"/api/v1/deals/agreements/{agreement['id']}/document")
    check(hashlib.sha256(document).hexdigest() == agreement["sha256"], "the agreement PDF matches its hash")
    for client in (buyer, seller):
        signed = client.post(
            f"/api/v1/deals/agreements/{agreement['id']}/sign", {"sha256": agreement["sha256"]}
        )
    check(
        signed["status"] == "signed" and signed["seal"].get("algorithm") == "Ed25519",
        "both signed; the platform sealed it",
    )
    check(bool(signed["recorded"]["licences"]), "the registry recorded the licence")
    check(bool(signed["ledger_indexes"]), "the transparency log recorded the deal")
    return signed


def main(base: str, listing_id: str | None) -> dict:
    seller = Client(base, token_for("SELLER", "BD"), "seller")
    buyer = Client(base, token_for("BUYER"), "buyer")
    listing = find_listing(seller, listing_id)
    asset_ids = [item["id"] for item in listing["assets"] if item.get("id")]
    check(bool(asset_ids), "the listing offers a public asset")
    found = open_room(seller, buyer, listing, own_organisation(buyer))
    room = found["url"]
    become_signatories(room, seller, buyer)
    sign_nda(room, seller, buyer)
    share_document(room, seller, buyer)
    agree_terms(room, seller, buyer, asset_ids[0])
    signed = sign_agreement(room, seller, buyer)
    check(seller.get(room)["status"] == "signed", "the room shows the deal as signed")
    return {
        "deal_url": base.rstrip("/") + room,
        "asset_id": asset_ids[0],
        "ledger_indexes": signed["ledger_indexes"],
        "agreement_sha256": signed["sha256"],
    }


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    try:
        result = main(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else None)
    except Exception as failure:
        print(f"FAILED: {failure}", file=sys.stderr)
        sys.exit(1)
    print(json.dumps(result))
