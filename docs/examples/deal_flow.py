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
import uuid

from harbour import Client, check, organisation_of, run, tokens_for

SELLER, BUYER = "SELLER", "BUYER"


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


def find_listing(api: Client, chosen: str | None) -> dict:
    if chosen:
        return api.call(SELLER, "GET", f"/api/v1/listings/{int(chosen)}")
    page = api.call(SELLER, "GET", "/api/v1/listings/mine")
    rows = page["items"] if isinstance(page, dict) else page
    mine = [row for row in rows if row["status"] == "published"]
    check(bool(mine), "the seller has a listing on the market")
    return api.call(SELLER, "GET", f"/api/v1/listings/{mine[0]['id']}")


def open_room(api: Client, listing: dict, buyer_org: str) -> dict:
    interest = api.call(
        BUYER,
        "POST",
        f"/api/v1/listings/{listing['id']}/interests",
        {"organisation": buyer_org, "message": "Interested."},
    )
    check(interest["status"] == "pending", "the buyer expressed interest")
    accepted = api.call(
        SELLER, "POST", f"/api/v1/listings/leads/{interest['id']}/accept", {"note": "Welcome."}
    )
    check(accepted["status"] == "accepted", "the seller accepted the lead")
    rooms = [
        r
        for r in api.call(BUYER, "GET", "/api/v1/deals/rooms")
        if r["listing"] == listing["id"] and r["buyer"] == buyer_org
    ]
    check(len(rooms) == 1, "a deal room opened for both sides")
    return rooms[0]


def become_signatories(api: Client, room: str) -> None:
    for side in (SELLER, BUYER):
        seat = api.call(side, "GET", room)["my_seat"]
        changed = api.call(side, "PATCH", f"{room}/members/{seat['id']}", {"role": "signatory"})
        check(changed["role"] == "signatory", f"the {side.lower()}'s lead is its side's signatory")


def sign_nda(api: Client, room: str) -> None:
    nda = api.call(SELLER, "POST", f"{room}/nda", {"governing_law": "Hong Kong", "term_months": 36})
    check(nda["prepared"] and len(nda["sha256"]) == 64, "the NDA was prepared from the operator's template")
    for side in (SELLER, BUYER):
        signed = api.call(side, "POST", f"{room}/nda/sign", {"sha256": nda["sha256"]})
    check(signed["complete"] and len(signed["signatures"]) == 2, "both sides signed the NDA")


def share_document(api: Client, room: str) -> None:
    body, kind = multipart(
        {"tier": "confidential", "title": "CMC summary"}, "cmc.pdf", tiny_pdf("CMC summary")
    )
    document = api.call(SELLER, "POST", f"{room}/documents", raw=body, content_type=kind)
    check(document["content_type"] == "application/pdf", "the seller disclosed a confidential PDF")
    copy = api.call(BUYER, "GET", f"/api/v1/deals/documents/{document['id']}/download")
    check(
        isinstance(copy, bytes)
        and copy.startswith(b"%PDF")
        and hashlib.sha256(copy).hexdigest() != document["sha256"],
        "the buyer downloaded a watermarked copy",
    )
    log = api.call(SELLER, "GET", f"{room}/access-log")
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


def agree_terms(api: Client, room: str, asset_id: int) -> None:
    api.call(SELLER, "POST", f"{room}/terms", {"terms": terms_for(asset_id, "5000000"), "note": "Our offer."})
    counter = api.call(
        BUYER, "POST", f"{room}/terms", {"terms": terms_for(asset_id, "3500000"), "note": "Counter-offer."}
    )
    changes = api.call(SELLER, "GET", f"{room}/terms/diff?a=1&b=2")
    check([row["term"] for row in changes] == ["upfront"], "the diff shows the counter-offer's change")
    accepted = api.call(SELLER, "POST", f"/api/v1/deals/terms/{counter['id']}/accept", {})
    check(accepted["status"] == "accepted", "the seller accepted version 2; the terms are locked")


def sign_agreement(api: Client, room: str) -> dict:
    agreement = api.call(SELLER, "POST", f"{room}/agreements", {"second_language": "zh-hant"})
    document = api.call(SELLER, "GET", f"/api/v1/deals/agreements/{agreement['id']}/document")
    check(hashlib.sha256(document).hexdigest() == agreement["sha256"], "the agreement PDF matches its hash")
    for side in (BUYER, SELLER):
        signed = api.call(
            side, "POST", f"/api/v1/deals/agreements/{agreement['id']}/sign", {"sha256": agreement["sha256"]}
        )
    check(
        signed["status"] == "signed" and signed["seal"].get("algorithm") == "Ed25519",
        "both signed; the platform sealed it",
    )
    check(bool(signed["recorded"]["licences"]), "the registry recorded the licence")
    check(bool(signed["ledger_indexes"]), "the transparency log recorded the deal")
    return signed


def play(base: str, listing_id: str | None = None) -> dict:
    api = Client(base, tokens_for("deal_flow", (SELLER, BUYER), fallbacks={SELLER: ("BD",)}))
    listing = find_listing(api, listing_id)
    asset_ids = [item["id"] for item in listing["assets"] if item.get("id")]
    check(bool(asset_ids), "the listing offers a public asset")
    found = open_room(api, listing, organisation_of(api, BUYER))
    room = found["url"]
    become_signatories(api, room)
    sign_nda(api, room)
    share_document(api, room)
    agree_terms(api, room, asset_ids[0])
    signed = sign_agreement(api, room)
    check(api.call(SELLER, "GET", room)["status"] == "signed", "the room shows the deal as signed")
    return {
        "deal_url": api.base + room,
        "asset_id": asset_ids[0],
        "ledger_indexes": signed["ledger_indexes"],
        "agreement_sha256": signed["sha256"],
    }


if __name__ == "__main__":
    run(play, __doc__ or "", arguments=1)
