"""The public API of the transparency log: everything is readable anonymously; witnesses may cosign."""

from django.http import HttpResponse
from ninja import Router, Status

from core.bounds import Index
from core.errors import NotAuthenticated
from ledger import proofs, services, witnesses
from ledger.models import SigningKey, Witness
from ledger.schemas import (
    ConsistencyOut,
    CosignatureIn,
    CosignatureOut,
    EntryOut,
    EntryPageOut,
    HeadOut,
    InclusionOut,
    KeyOut,
    WitnessIn,
    WitnessOut,
)

router = Router(tags=["transparency log"])


@router.get("/head", response=HeadOut)
def head(request):
    """The latest signed tree head, with the witnesses' cosignatures."""
    return HeadOut.from_model(services.current_head())


@router.get("/checkpoint")
def checkpoint(request):
    """The latest signed tree head as a C2SP signed note (text/plain), cosignatures included."""
    note = witnesses.signed_note(services.current_head())
    return HttpResponse(note, content_type="text/plain; charset=utf-8")


@router.get("/entries", response=EntryPageOut)
def entries(request, start: Index = 0, end: Index | None = None):
    """Entries [start, end) in index order; at most 1,000 per page, fewer at the end of the log."""
    page, size = proofs.entry_page(start=start, end=end)
    return EntryPageOut(
        start=start,
        end=start + len(page),
        tree_size=size,
        entries=[EntryOut.from_model(entry) for entry in page],
    )


@router.get("/entries/{index}", response=EntryOut)
def entry(request, index: Index):
    return EntryOut.from_model(proofs.entry(index))


@router.get("/proof/inclusion", response=InclusionOut)
def inclusion(request, index: Index | None = None, leaf_hash: str = "", tree_size: Index | None = None):
    """The audit path of an entry (by index or leaf hash); tree_size defaults to the signed head's."""
    proof = proofs.inclusion(index=index, leaf_hash=leaf_hash, tree_size=tree_size)
    return InclusionOut(
        leaf_index=proof.index,
        tree_size=proof.tree_size,
        leaf_hash=proof.leaf_hash.hex(),
        audit_path=[h.hex() for h in proof.audit_path],
        root_hash=proof.root_hash.hex(),
    )


@router.get("/proof/consistency", response=ConsistencyOut)
def consistency(request, first: Index, second: Index | None = None):
    """The proof that the tree of size `second` (default: the signed head's) extends size `first`."""
    proof = proofs.consistency(first=first, second=second)
    return ConsistencyOut(
        first=proof.first,
        second=proof.second,
        consistency_path=[h.hex() for h in proof.path],
        first_root=proof.first_root.hex(),
        second_root=proof.second_root.hex(),
    )


@router.get("/keys", response=list[KeyOut])
def signing_keys(request):
    """Every key the log has signed with, retired ones included, with its validity."""
    return [KeyOut.from_model(key) for key in SigningKey.objects.order_by("valid_from", "id")]


@router.get("/witnesses", response=list[WitnessOut])
def witness_list(request):
    return [WitnessOut.from_model(w) for w in Witness.objects.order_by("name")]


@router.post("/witnesses", response={201: WitnessOut})
def register_witness(request, payload: WitnessIn):
    """Register a witness's public key (operator staff only)."""
    if not request.user.is_authenticated:
        raise NotAuthenticated()
    witness = witnesses.register_witness(name=payload.name, public_key=payload.public_key, by=request.user)
    return Status(201, WitnessOut.from_model(witness))


@router.post("/cosignatures", response={201: CosignatureOut})
def cosign(request, payload: CosignatureIn):
    """A witness's cosignature over a signed head: verified, then published with the head."""
    cosignature = witnesses.add_cosignature(
        witness=payload.witness,
        tree_size=payload.tree_size,
        timestamp=payload.timestamp,
        signature=payload.signature,
        root_hash=payload.root_hash,
    )
    return Status(201, CosignatureOut.from_model(cosignature))
