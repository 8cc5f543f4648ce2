"""Paging through the public transparency log, newest first, optionally for one subject."""

from ledger.models import Entry

PAGE_SIZE = 50


def entries_page(
    *, subject: str = "", before: int | None = None, size: int = PAGE_SIZE
) -> tuple[list[Entry], int | None]:
    """One page of entries older than `before`, and the index to continue from (None on the last page).

    Paging is by index, not by offset, so the thousandth page costs what the first does. A subject with an
    id ("assets.asset:42") is matched exactly; without one ("assets.asset") every object of that kind is.
    """
    entries = Entry.objects.order_by("-index")
    subject = subject.strip()
    if subject:
        exact = ":" in subject
        entries = entries.filter(subject=subject) if exact else entries.filter(subject__startswith=subject)
    if before is not None:
        entries = entries.filter(index__lt=before)
    page = list(entries[: size + 1])
    more = len(page) > size
    page = page[:size]
    return page, (page[-1].index if more and page else None)
