"""How an entry names its subject: "app.model:id" for a public object, "sealed:<token>" for a
confidential one.

A confidential object's id would tell outsiders that it exists and, ids being sequential, roughly when it
was made. Its entries name it by a random token instead, kept in `SealedSubject` so that the owner (who
can see the object) finds every entry about it with `entries_of`. One object keeps one token, so its
entries stay linked to one another, but not to the object.
"""

import secrets
from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet

from ledger.kinds import SEALED
from ledger.models import Entry, SealedSubject


def public_subject(object_type: str, object_id: Any) -> str:
    return f"{object_type}:{object_id}"


def subject(object_type: str, object_id: Any, *, confidential: bool) -> str:
    """The subject of an entry about one object."""
    return subjects(object_type, [object_id], confidential=confidential)[str(object_id)]


def subjects(object_type: str, object_ids: Iterable[Any], *, confidential: bool) -> dict[str, str]:
    """Subjects of many objects of one type at once (imports), keyed by the object id as a string."""
    ids = [str(object_id) for object_id in object_ids]
    if not confidential:
        return {object_id: public_subject(object_type, object_id) for object_id in ids}
    return {object_id: f"{SEALED}:{token}" for object_id, token in _tokens(object_type, ids).items()}


def _tokens(object_type: str, ids: list[str]) -> dict[str, str]:
    rows = SealedSubject.objects.filter(object_type=object_type, object_id__in=ids)
    known = dict(rows.values_list("object_id", "token"))
    new = [
        SealedSubject(token=secrets.token_hex(16), object_type=object_type, object_id=object_id)
        for object_id in dict.fromkeys(ids)
        if object_id not in known
    ]
    SealedSubject.objects.bulk_create(new)
    known.update({row.object_id: row.token for row in new})
    return known


def subjects_of(object_type: str, object_id: Any) -> list[str]:
    """Every subject an object's entries may bear: its public name, and its sealed one if it has one."""
    names = [public_subject(object_type, object_id)]
    sealed = SealedSubject.objects.filter(object_type=object_type, object_id=str(object_id)).first()
    if sealed is not None:
        names.append(f"{SEALED}:{sealed.token}")
    return names


def entries_of(object_type: str, object_id: Any) -> QuerySet[Entry]:
    """The log entries about one object, public or sealed (for its owner's pages and the operator)."""
    return Entry.objects.filter(subject__in=subjects_of(object_type, object_id)).order_by("index")
