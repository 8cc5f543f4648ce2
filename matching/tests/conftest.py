"""A small hand-written corpus of English patent abstracts, indexed in a private index directory."""

import pytest

from assets.models import Asset

CORPUS = [
    (
        "US11000001B2",
        "KRAS G12C inhibitors for treating non-small cell lung cancer",
        "Covalent small-molecule inhibitors of mutant KRAS G12C and their use in treating non-small cell lung "
        "cancer and other solid tumours.",
        ["A61K31/519", "A61P35/00", "C07D471/04"],
    ),
    (
        "US11000002B2",
        "Dry powder inhaler formulation of a long-acting bronchodilator for asthma",
        "An inhalable dry powder of a long-acting beta-2 agonist for the maintenance treatment of asthma and "
        "chronic obstructive pulmonary disease.",
        ["A61K9/0075", "A61P11/06", "A61K31/137"],
    ),
    (
        "US11000003B2",
        "Antibody-drug conjugates targeting HER2",
        "Conjugates of an anti-HER2 monoclonal antibody with a topoisomerase inhibitor payload through a "
        "cleavable linker, for breast and gastric cancer.",
        ["A61K47/6803", "C07K16/32", "A61P35/00"],
    ),
    (
        "US11000004B2",
        "Chimeric antigen receptor T cells against CD19",
        "Autologous CAR-T cells expressing a CD19-specific chimeric antigen receptor for B-cell lymphoma "
        "and acute lymphoblastic leukaemia.",
        ["A61K35/17", "A61P35/02", "C07K14/7051"],
    ),
    (
        "US11000005B2",
        "GLP-1 receptor agonist peptides for type 2 diabetes and obesity",
        "Long-acting glucagon-like peptide-1 receptor agonists lowering blood glucose and body weight in "
        "patients with type 2 diabetes.",
        ["A61K38/26", "A61P3/10", "A61P3/04"],
    ),
    (
        "US11000006B2",
        "Herbal composition of astragalus and ginseng extracts",
        "A traditional Chinese medicine formula of astragalus root and ginseng extracts that relieves "
        "fatigue after chemotherapy.",
        ["A61K36/481", "A61K36/258"],
    ),
    (
        "US11000007B2",
        "Beta-lactamase inhibitor combinations against resistant bacteria",
        "Antibacterial combinations of a cephalosporin and a beta-lactamase inhibitor for infections caused "
        "by multidrug-resistant Gram-negative bacteria.",
        ["A61K31/546", "A61P31/04"],
    ),
    (
        "US11000008B2",
        "Anti-amyloid antibodies for Alzheimer's disease",
        "Humanised antibodies binding amyloid-beta protofibrils that slow cognitive decline in early "
        "Alzheimer's disease.",
        ["C07K16/18", "A61P25/28"],
    ),
    (
        "US11000009B2",
        "Nebulised antisense oligonucleotide for idiopathic pulmonary fibrosis",
        "An inhaled antisense oligonucleotide reducing fibrotic scarring of lung tissue in idiopathic "
        "pulmonary fibrosis, with improved lung function.",
        ["C12N15/113", "A61P11/00"],
    ),
    (
        "US11000010B2",
        "Angiotensin receptor blocker tablets for hypertension",
        "Fixed-dose tablets of an angiotensin II receptor blocker and a diuretic that lower blood pressure in "
        "hypertension.",
        ["A61K31/41", "A61P9/12"],
    ),
    (
        "US11000011B2",
        "Anti-IL-17A antibodies for psoriasis",
        "Monoclonal antibodies neutralising interleukin-17A for plaque psoriasis and psoriatic arthritis.",
        ["C07K16/24", "A61P17/06"],
    ),
    (
        "US11000012B2",
        "Oral kinase inhibitor for rheumatoid arthritis",
        "A selective Janus kinase 1 inhibitor taken orally once daily that reduces joint inflammation in "
        "rheumatoid arthritis.",
        ["A61K31/505", "A61P19/02", "A61P29/00"],
    ),
    (
        "US11000013B2",
        "Inhaled corticosteroid and bronchodilator combination for asthma",
        "A metered-dose inhaler delivering a corticosteroid with a long-acting bronchodilator to control "
        "persistent asthma.",
        ["A61K9/008", "A61P11/06", "A61K31/58"],
    ),
]


def make_asset(number, title, abstract, cpc, **extra):
    return Asset.objects.create(
        number=number,
        jurisdiction=number[:2],
        title=title,
        abstract=abstract,
        cpc_codes=cpc,
        cpc_section=cpc[0][:1] if cpc else "",
        **extra,
    )


@pytest.fixture(autouse=True)
def private_index(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    return tmp_path / "index"


@pytest.fixture
def corpus(db):
    from matching.indexing import rebuild_asset_index

    assets = {number: make_asset(number, title, abstract, cpc) for number, title, abstract, cpc in CORPUS}
    rebuild_asset_index()
    return assets
