"""Pages and endpoints look up restricted models only through the access base (read from the code: AST)."""

from pathlib import Path

from tests.access_lint import check_source, check_tree

ROOT = Path(__file__).resolve().parent.parent

# Lookups that are meant to bypass the access base, each with the reason; keyed by path::function::Model.
ALLOWED = {
    "certification/api.py::verify::Attestation": "public verification: the attestation's public id is the key",
    "certification/api.py::credential::Attestation": "public verification: the public id hands out the credential",
    "certification/public_views.py::_by_public_id::Attestation": "public verification: the unguessable public id "
    "from the QR code or certificate is the key",
    "certification/views.py::certifier::Attestation": "the public count of a certifier's attestations, no rows",
    "deals/views/terms.py::terms::Asset": "room members choose among the seller's assets; the room is the access",
    "listings/views/alerts.py::unsubscribe::Subscription": "the e-mail's unsubscribe token is the proof, no login",
    "listings/forms.py::ListingForm.__init__::Asset": "the seller's own assets; the view passes a member's own org",
    "certification/forms.py::ConflictForm::Organisation": "a certifier declares conflicts with any approved "
    "organisation, public profile or not; names only, on the certifier's own page",
    "deals/home.py::_seated::RoomMember": "the person's own seats (user=user) inside a count already narrowed "
    "by visible_to: the narrowest rule there is",
    "deals/home.py::questions_to_answer::RoomMember": "the person's own seats (user=user), as in _seated",
    "financing/forms.py::ApplicationForm.__init__::Organisation": "the parties a programme names, public on its page",
}


def test_pages_and_endpoints_look_up_restricted_models_through_the_access_base():
    violations = check_tree(ROOT)
    offending = [str(v) for v in violations if v.key not in ALLOWED]
    assert offending == [], "\n".join(offending)


def test_the_allow_list_names_only_lookups_that_exist():
    """An allowed lookup that was removed or routed through restrict() leaves the list too."""
    assert set(ALLOWED) - {v.key for v in check_tree(ROOT)} == set()


MODELS = {"Listing", "Organisation"}


def _found(source: str) -> list[str]:
    return [f"{v.function}:{v.model}" for v in check_source(source, "listings/views/planted.py", MODELS)]


def test_the_checker_finds_a_raw_lookup():
    source = """
def detail(request, pk):
    return Listing.objects.get(pk=pk)
"""
    assert _found(source) == ["detail:Listing"]


def test_the_checker_finds_a_raw_lookup_deep_in_a_chain_and_in_a_shortcut():
    source = """
def detail(request, pk):
    first = Listing.objects.filter(status="x").select_related("organisation").first()
    second = get_object_or_404(Organisation, slug="x")
    third = shortcuts.get_object_or_404(Listing.objects, pk=pk)
    return first, second, third
"""
    assert _found(source) == ["detail:Listing", "detail:Organisation", "detail:Listing"]


def test_the_checker_names_a_method_with_its_class():
    source = """
class ListingForm:
    def __init__(self, organisation):
        self.choices = Listing.objects.filter(organisation=organisation)
"""
    assert _found(source) == ["ListingForm.__init__:Listing"]


def test_the_checker_accepts_lookups_through_the_access_base():
    source = """
def detail(request, pk):
    a = Listing.objects.restrict(request.user, "change").get(pk=pk)
    b = get_object_or_404(Listing.objects.visible_to(request.user).select_related("x"), pk=pk)
    c = Organisation.objects.of_member(request.user).filter(slug="x")
    d = Listing.objects.filter(pk=pk).visible_to(request.user)
    e = OtherModel.objects.get(pk=pk)
    return a, b, c, d, e
"""
    assert _found(source) == []
