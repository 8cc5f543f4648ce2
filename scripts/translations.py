"""Keep the Chinese catalogues complete.

    python scripts/translations.py extract   # makemessages for zh_Hant and zh_Hans (needs GNU gettext)
    python scripts/translations.py derive    # fill empty zh_Hant entries from zh_Hans with OpenCC (s2hk)
    python scripts/translations.py status    # count what is still untranslated or fuzzy

Simplified Chinese is written by hand; Traditional Chinese (Hong Kong) is derived from it with OpenCC and
then reviewed, so the two scripts never drift apart.
"""

import subprocess
import sys
from pathlib import Path

import opencc
import polib

ROOT = Path(__file__).resolve().parent.parent
HANS = ROOT / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
HANT = ROOT / "locale" / "zh_Hant" / "LC_MESSAGES" / "django.po"
IGNORE = [".venv/*", "var/*", "tests/*", "*/tests/*", "benchmarks/*", "scripts/*"]


def extract() -> None:
    args = [sys.executable, "manage.py", "makemessages", "-l", "zh_Hant", "-l", "zh_Hans", "--no-obsolete"]
    for pattern in IGNORE:
        args += ["--ignore", pattern]
    subprocess.run(args, cwd=ROOT, check=True)  # noqa: S603


def derive() -> None:
    converter = opencc.OpenCC("s2hk")
    hans = {(e.msgctxt, e.msgid): e for e in polib.pofile(str(HANS)) if e.translated()}
    catalogue = polib.pofile(str(HANT))
    filled = 0
    for entry in catalogue:
        source = hans.get((entry.msgctxt, entry.msgid))
        if source is None or (entry.translated() and "fuzzy" not in entry.flags):
            continue
        if entry.msgid_plural:
            entry.msgstr_plural = {k: converter.convert(v) for k, v in source.msgstr_plural.items()}
        else:
            entry.msgstr = converter.convert(source.msgstr)
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
        filled += 1
    catalogue.save()
    print(f"derived {filled} Traditional Chinese entries from Simplified Chinese")


def status() -> int:
    missing = 0
    for path in (HANS, HANT):
        catalogue = polib.pofile(str(path))
        untranslated = len(catalogue.untranslated_entries()) + len(catalogue.fuzzy_entries())
        missing += untranslated
        print(f"{path.relative_to(ROOT)}: {catalogue.percent_translated()}% translated, {untranslated} to do")
    return 1 if missing else 0


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else "status"
    if command == "extract":
        extract()
    elif command == "derive":
        derive()
    sys.exit(status())
