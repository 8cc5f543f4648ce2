"""Pagination that answers what was asked: bounded numbers, and a page past the last one is a 404 that says
how many there are, never the last page in its place."""

from typing import Any

from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination

from core.errors import InvalidInput, NotFound

MAX_LIMIT = 100
MAX_OFFSET = 1_000_000_000


def page_or_404(paginator: Paginator, number: Any) -> Page:
    """Page `number` (1 when absent); NotFound saying how many pages there are when it does not exist."""
    if number in (None, ""):
        number = 1
    try:
        return paginator.page(number)
    except PageNotAnInteger:
        raise InvalidInput(_("The page number must be a whole number."), field="page") from None
    except EmptyPage:
        pages = paginator.num_pages
        message = ngettext(
            "Page %(page)s does not exist: there is %(pages)d page.",
            "Page %(page)s does not exist: there are %(pages)d pages.",
            pages,
        ) % {
            "page": number,
            "pages": pages,
        }
        raise NotFound(message) from None


class BoundedLimitOffset(LimitOffsetPagination):
    class Input(Schema):
        limit: int = Field(20, ge=1, le=MAX_LIMIT)
        offset: int = Field(0, ge=0, le=MAX_OFFSET)

    def paginate_queryset(self, queryset, pagination: Any, request, **params) -> Any:
        result = super().paginate_queryset(queryset, pagination, request, **params)
        if pagination.offset and pagination.offset >= result["count"]:
            message = ngettext(
                "Offset %(offset)d is past the end: there is %(count)d item.",
                "Offset %(offset)d is past the end: there are %(count)d items.",
                result["count"],
            ) % {
                "offset": pagination.offset,
                "count": result["count"],
            }
            raise NotFound(message)
        return result
