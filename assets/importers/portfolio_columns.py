"""The columns of the portfolio CSV template and how each cell is read.

Headers are bilingual ("title / 标题"); a header is recognised by its English part, its Chinese part in
either script, or the column key. Choice cells take the code, the English label or the Chinese label.
"""

import functools
import re
from dataclasses import dataclass
from datetime import date

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assets.models import Asset, BiomedicalProfile
from core.importing.dates import parse_date
from core.importing.result import RejectRecord
from core.languages import LANGUAGE_CODES, fold, to_traditional


@dataclass(frozen=True)
class Column:
    key: str
    english: str
    chinese: str

    @property
    def header(self) -> str:
        return f"{self.english} / {self.chinese}"


COLUMNS = [
    Column("type", "type", "类型"),
    Column("jurisdiction", "jurisdiction", "法域"),
    Column("number", "number", "号码"),
    Column("kind_code", "kind code", "文献种类代码"),
    Column("application_number", "application number", "申请号"),
    Column("application_date", "application date", "申请日"),
    Column("publication_date", "publication date", "公开日"),
    Column("grant_date", "grant date", "授权日"),
    Column("title", "title", "标题"),
    Column("abstract", "abstract", "摘要"),
    Column("original_language", "original language", "原文语言"),
    Column("applicants", "applicants", "申请人"),
    Column("holder_name", "holder", "权利人"),
    Column("holder_country", "holder country", "权利人国家或地区"),
    Column("inventors", "inventors", "发明人"),
    Column("cpc_codes", "CPC codes", "CPC分类号"),
    Column("ipc_codes", "IPC codes", "IPC分类号"),
    Column("legal_status", "legal status", "法律状态"),
    Column("visibility", "visibility", "可见性"),
    Column("drug_name", "drug name", "药物名称"),
    Column("inn", "INN", "国际非专利药品名称"),
    Column("modality", "modality", "药物类型"),
    Column("targets", "targets", "靶点"),
    Column("indications", "indications", "适应症"),
    Column("phase", "phase", "研发阶段"),
    Column("tcm_formula", "TCM formula", "中药方剂组成"),
]
PROFILE_KEYS = ("drug_name", "inn", "modality", "targets", "indications", "phase", "tcm_formula")
_LIST_SEPARATORS = re.compile(r"[;；、\n]")


def _names(column: Column) -> set[str]:
    names = (column.key, column.english, column.chinese, to_traditional(column.chinese))
    return {fold(name) for name in names}


_BY_NAME = {name: column.key for column in COLUMNS for name in _names(column)}


def column_key(header: str) -> str | None:
    """The column a header cell names, whichever of its parts the person kept."""
    for part in (header, *header.split("/")):
        if key := _BY_NAME.get(fold(part.strip())):
            return key
    return None


def split_list(cell: str) -> list[str]:
    return [item.strip() for item in _LIST_SEPARATORS.split(cell or "") if item.strip()]


def read_date(cell: str, what) -> date | None:
    """ISO dates, and the YYYY/M/D that spreadsheets turn them into."""
    text = (cell or "").strip()
    if match := re.fullmatch(r"(\d{4})[/.](\d{1,2})[/.](\d{1,2})", text):
        text = "{}-{:0>2}-{:0>2}".format(*match.groups())
    return parse_date(text, what)


class Choices:
    """Reads a choice cell: the stored code, the label in any of the platform's languages, or one of the
    usual Chinese names."""

    def __init__(self, what, choices, chinese: dict):
        self.what = what
        self.choices = choices
        self.chinese = chinese

    @functools.cached_property
    def lookup(self) -> dict[str, object]:
        lookup: dict[str, object] = {}
        for language in LANGUAGE_CODES:
            with translation.override(language):
                for value, label in self.choices:
                    lookup[fold(str(label))] = value
        for value, _label in self.choices:
            lookup[fold(str(value))] = value
        for value, names in self.chinese.items():
            for name in names:
                lookup[fold(name)] = value
        return lookup

    def __call__(self, cell: str):
        text = fold((cell or "").strip())
        if not text:
            return None
        if text in self.lookup:
            return self.lookup[text]
        raise RejectRecord(_("unknown %(what)s: %(value)s") % {"what": self.what, "value": cell.strip()})


KINDS = Choices(
    gettext_lazy("type"),
    Asset.Kind.choices,
    {
        "invention": ("发明", "发明专利", "patent", "invention patent"),
        "utility_model": ("实用新型", "实用新型专利"),
        "design": ("外观设计", "外观设计专利", "design patent"),
        "hk_standard_o": ("香港标准专利(o)", "标准专利(o)"),
        "hk_standard_r": ("香港标准专利(r)", "标准专利(r)"),
        "hk_short_term": ("香港短期专利", "短期专利"),
        "trademark": ("商标",),
        "copyright": ("著作权", "版权"),
        "trade_secret": ("商业秘密", "技术秘密", "专有技术", "know-how"),
    },
)
STATUSES = Choices(
    gettext_lazy("legal status"),
    Asset.Status.choices,
    {
        "pending": ("审查中", "在审", "待审"),
        "granted": ("授权", "有效", "已授权", "已注册"),
        "lapsed": ("失效", "未缴费失效"),
        "expired": ("届满", "期限届满"),
        "revoked": ("无效", "被宣告无效"),
        "withdrawn": ("撤回", "视为撤回"),
    },
)
VISIBILITIES = Choices(
    gettext_lazy("visibility"),
    Asset.Visibility.choices,
    {"public": ("公开",), "confidential": ("保密", "机密")},
)
MODALITIES = Choices(
    gettext_lazy("modality"),
    BiomedicalProfile.Modality.choices,
    {
        "small_molecule": ("小分子", "化学药"),
        "antibody": ("抗体", "单抗", "单克隆抗体"),
        "adc": ("抗体偶联药物", "adc"),
        "cell_therapy": ("细胞治疗", "细胞疗法", "car-t"),
        "gene_therapy": ("基因治疗", "基因疗法"),
        "rna": ("rna药物", "核酸药物"),
        "vaccine": ("疫苗",),
        "tcm_formula": ("中药复方", "中药方剂", "中药", "tcm"),
        "device": ("器械", "医疗器械"),
        "other": ("其他",),
    },
)
PHASES = Choices(
    gettext_lazy("phase"),
    [(value, label) for value, label in BiomedicalProfile.Phase.choices]
    + [(value, str(value)) for value in BiomedicalProfile.Phase.values],
    {
        0: ("发现", "药物发现", "discovery"),
        1: ("临床前", "preclinical", "pre-clinical"),
        2: ("临床i期", "i期", "一期", "phase i", "p1", "phase1"),
        3: ("临床ii期", "ii期", "二期", "phase ii", "p2", "phase2"),
        4: ("临床iii期", "iii期", "三期", "phase iii", "p3", "phase3"),
        5: ("已申报", "申报上市", "nda", "bla", "filed"),
        6: ("已上市", "获批上市", "已获批", "approved", "marketed"),
    },
)
LANGUAGES = Choices(
    gettext_lazy("original language"),
    [("en", "English"), ("zh-hant", "繁體中文"), ("zh-hans", "简体中文")],
    {"en": ("英文", "英语"), "zh-hans": ("简体", "中文", "简体中文"), "zh-hant": ("繁体", "繁体中文")},
)


def tcm_formula(cell: str) -> list[dict[str, str]]:
    """'黄芪:30 g; 当归:10 g' → [{"herb": "黄芪", "dose": "30 g"}, …]."""
    herbs = []
    for item in split_list(cell):
        herb, _colon, dose = item.replace("：", ":").partition(":")
        herbs.append({"herb": herb.strip(), "dose": dose.strip()})
    return herbs
