"""Every interface string exists in both Chinese scripts, with the same placeholders as the English."""

import re
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parent.parent
CATALOGUES = [ROOT / "locale" / code / "LC_MESSAGES" / "django.po" for code in ("zh_Hans", "zh_Hant")]
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\{\s*\w+\s*\}\}|\{\w+\}")


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: p.parent.parent.name)
def test_catalogue_is_complete(path):
    catalogue = polib.pofile(str(path))
    missing = [entry.msgid for entry in catalogue if not entry.obsolete and not entry.translated()]
    assert missing == [], f"{len(missing)} untranslated, e.g. {missing[:5]}"


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: p.parent.parent.name)
def test_placeholders_survive_translation(path):
    wrong = []
    for entry in polib.pofile(str(path)):
        if entry.obsolete or not entry.translated():
            continue
        translations = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
        expected = sorted(PLACEHOLDER.findall(entry.msgid))
        wrong += [entry.msgid for text in translations if sorted(PLACEHOLDER.findall(text)) != expected]
    assert wrong == []


def test_traditional_catalogue_is_in_traditional_script():
    import opencc

    to_traditional = opencc.OpenCC("s2hk")
    catalogue = polib.pofile(str(CATALOGUES[1]))
    simplified_only = [
        e.msgid
        for e in catalogue
        if e.msgstr
        and to_traditional.convert(e.msgstr) != e.msgstr
        and any(ch in e.msgstr for ch in "们这个说时会对应发现经过务")
    ]
    assert simplified_only == []
