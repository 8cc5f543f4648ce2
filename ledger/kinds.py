"""Every kind of entry the transparency log accepts, with the public facts each may carry.

The log is public, so what an entry says in clear is declared here once, per kind, and `record` refuses a
kind that is not declared or a public member that its kind does not list. Anything else an app wants to
log goes into `confidential`, which reaches the log only as a salted commitment.

To log a new kind (a deal step, a pledge registration …) add it to KINDS below, naming its public members;
`tests/test_ledger_kinds.py` then insists that a scenario produces it and that no confidential value of
the scenario reaches its public part, the API or an export.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from core.errors import InvalidInput


@dataclass(frozen=True)
class Kind:
    """One kind of entry: its name, the public members it may carry, and what its subject names."""

    name: str
    public: frozenset[str]
    subject: str  # the subject's prefix ("assets.asset"); confidential objects use SEALED instead
    about: str  # what happened, for the documentation


SEALED = "sealed"  # subject prefix of confidential objects: "sealed:<random token>", see ledger.subjects

KINDS: dict[str, Kind] = {}


def register(name: str, *, public: tuple[str, ...] | frozenset[str], subject: str, about: str) -> Kind:
    """Declare a kind (done once, at import, for the kinds below; tests may add their own)."""
    kind = Kind(name, frozenset(public), subject, about)
    KINDS[name] = kind
    return kind


def unregister(name: str) -> None:
    KINDS.pop(name, None)


def check(name: str, public: dict) -> None:
    """Refuse an undeclared kind, or a public member that the kind does not declare."""
    kind = KINDS.get(name)
    if kind is None:
        raise InvalidInput(_("Unknown log entry kind: %(kind)s") % {"kind": name}, field="kind")
    undeclared = sorted(set(public) - kind.public)
    if undeclared:
        raise InvalidInput(
            _("A %(kind)s entry may not publish %(members)s.")
            % {"kind": name, "members": ", ".join(undeclared)},
            field="public",
        )


register(
    "asset.registered",
    public=("number", "title", "owner", "organisation", "source"),
    subject="assets.asset",
    about="a public asset was registered (a confidential one: sealed subject, facts committed)",
)
register(
    "asset.transferred",
    public=("number", "to", "date"),
    subject="assets.asset",
    about="a link was added to the chain of title of an asset",
)
register(
    "asset.encumbrance_released",
    public=("number", "encumbrance", "date"),
    subject="assets.asset",
    about="a licence or pledge on an asset ended (its kind and the day; the holder is not named)",
)
register(
    "asset.deal_recorded",
    public=("number", "counterparty", "deal_type", "date"),
    subject="assets.asset",
    about="a signed deal was recorded against an asset; a confidential asset's entry is sealed and empty",
)
register(
    "listing.published",
    public=("title", "seller", "deal_type", "territories", "assets"),
    subject="listing",
    about="the operator published a listing; `assets`: public assets only",
)
register(
    "listing.closed",
    public=("title", "seller", "deal_type", "territories", "assets", "outcome"),
    subject="listing",
    about="a listing that had been on the market was closed, with its outcome",
)
register(
    "listing.open_licence_taken",
    public=("licensee", "assets", "kind"),
    subject="listing",
    about="an organisation took a licence under an open-licence declaration; only public assets' numbers",
)
register(
    "listing.lead_accepted",
    public=("status",),
    subject="listing",
    about="the seller accepted a lead and opened the confidential part to that buyer (buyer committed)",
)
register(
    "certification.key.created",
    public=("certifier", "key_id", "public_key"),
    subject="certification.key",
    about="a certifier's first signing key was published",
)
register(
    "certification.key.rotated",
    public=("certifier", "key_id", "public_key", "replaces"),
    subject="certification.key",
    about="a certifier replaced its signing key",
)
register(
    "certification.attestation.issued",
    public=(
        *("attestation", "certifier", "claim", "valid_from", "valid_until"),
        *("key_id", "credential_sha256", "asset"),
    ),
    subject="attestation",
    about="an attestation was signed; `asset` only when the asset is public",
)
register(
    "certification.attestation.revoked",
    public=("attestation", "revoked_at", "credential_sha256"),
    subject="attestation",
    about="an attestation was withdrawn (the reason is committed)",
)
register(
    "ledger.key.rotated",
    public=("old_key_id", "new_key_id"),
    subject="ledger.signingkey",
    about="the log's signing key was replaced",
)
register(
    "ledger.witness.registered",
    public=("name", "key_id", "public_key"),
    subject="ledger.witness",
    about="the operator registered a witness's public key",
)
register(
    "deal.signed",
    public=("seller", "buyer", "deal_type", "assets", "date"),
    subject="deals.dealroom",
    about="both sides signed a deal; `assets` lists only its public assets' numbers (terms are committed)",
)
register(
    "dispute.filed",
    public=("case_kind", "institution", "date"),
    subject=SEALED,
    about="a dispute case was filed (reference, parties and deal are committed; the case is sealed)",
)
register(
    "dispute.closed",
    public=("case_kind", "institution", "date"),
    subject=SEALED,
    about="a dispute case closed (its outcome is committed)",
)

# Financing
# A loan and a sale-and-licence-back are confidential agreements: their entries bear sealed subjects and
# publish only what the registry shows anyway (public assets' numbers, the pledgee, the date); amounts,
# terms, the borrower and confidential assets' numbers are committed.
register(
    "financing.pledge_registered",
    public=("assets", "pledgee", "date"),
    subject=SEALED,
    about="a loan's pledges were registered; `assets`: public assets only",
)
register(
    "financing.pledge_released",
    public=("assets", "pledgee", "date", "reason"),
    subject=SEALED,
    about="a loan's pledges were released (repaid or disposed); `assets`: public assets only",
)
register(
    "financing.collateral_disposed",
    public=("date",),
    subject=SEALED,
    about="a defaulted loan's collateral was sold and the loss allocated (amounts committed)",
)
register(
    "financing.sold_and_licensed_back",
    public=("asset", "date"),
    subject=SEALED,
    about="an asset was sold to an investor and licensed back; `asset` only when the asset is public",
)
register(
    "financing.bought_back",
    public=("asset", "date"),
    subject=SEALED,
    about="the former owner bought back a sold-and-licensed-back asset; `asset` only if public",
)
