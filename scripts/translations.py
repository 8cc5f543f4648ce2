"""Keep the Chinese catalogues complete.

    python scripts/translations.py extract   # makemessages for zh_Hant and zh_Hans (needs GNU gettext)
    python scripts/translations.py derive    # fill empty zh_Hant entries from zh_Hans with OpenCC (s2hk)
    python scripts/translations.py status    # count what is still untranslated or fuzzy

Simplified Chinese is written by hand; Traditional Chinese (Hong Kong) is derived from it with OpenCC
plus a table of Hong Kong usage, then reviewed, so the two scripts never drift apart. Reviewed entries
are never overwritten.
"""

import subprocess
import sys
from pathlib import Path

import opencc
import polib

ROOT = Path(__file__).resolve().parent.parent
HANS = ROOT / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
HANT = ROOT / "locale" / "zh_Hant" / "LC_MESSAGES" / "django.po"
# Hong Kong usage applied after OpenCC s2hk, in order (reviewed by hand on the whole catalogue).
HK_PHRASES = [
    ("退出登錄", "登出"),
    ("登錄", "登入"),
    ("賬户", "帳戶"),
    ("帳户", "帳戶"),
    ("用户", "用戶"),
    ("説", "說"),
    ("臨牀", "臨床"),
    ("啓", "啟"),
    ("電子郵件", "電郵"),
    ("令牌", "權杖"),
    ("哈希", "雜湊"),
    ("設置", "設定"),
    ("創建", "建立"),
    ("已存儲", "已儲存"),
    ("存儲", "儲存"),
    ("保存", "儲存"),
    ("搜索", "搜尋"),
    ("導入", "匯入"),
    ("導出", "匯出"),
    ("演示數據", "示範資料"),
    ("演示", "示範"),
    ("著錄項目數據", "著錄項目資料"),
    ("實時數據", "即時數據"),
    ("字段", "欄位"),
    ("字符串", "字串"),
    ("字符", "字元"),
    ("字節", "位元組"),
    ("十進制", "十進位"),
    ("十六進制", "十六進位"),
    ("JSON 對象", "JSON 物件"),
    ("不是對象", "不是物件"),
    ("必須是對象", "必須是物件"),
    ("數組", "陣列"),
    ("文本", "文字"),
    ("模板", "範本"),
    ("運營", "營運"),
    ("調用", "呼叫"),
    ("運行", "執行"),
    ("口令", "密碼短語"),
    ("默認", "預設"),
    ("信息", "資訊"),
    ("支持", "支援"),
    ("服務器", "伺服器"),
    ("雙重身份驗證", "雙重認證"),
    ("跳到正文", "跳至主要內容"),
    ("主導航", "主要導覽"),
    ("著作權", "版權"),
    ("醫療器械", "醫療儀器"),
    ("抗體偶聯藥物", "抗體藥物偶聯物"),
    ("高校 / 技術轉移辦公室", "大學 / 技術轉移處"),
    ("科研院所", "科研機構"),
    ("文檔", "文件"),
    ("CSV 文件", "CSV 檔案"),
    ("文件不存在", "檔案不存在"),
    ("文件無法讀取", "檔案無法讀取"),
    ("文件不是", "檔案不是"),
    ("將文件另存", "將檔案另存"),
    ("專利文件", "專利檔案"),
    ("私鑰文件", "私鑰檔案"),
    ("匯出文件", "匯出檔案"),
    ("試驗文件", "試驗檔案"),
    ("JSON 文件", "JSON 檔案"),
    ("HINT 文件", "HINT 檔案"),
    ("模型文件", "模型檔案"),
    ("首選語言", "偏好語言"),
    ("首付款", "預付款"),
    ("提成費", "特許權使用費"),
    ("關鍵詞", "關鍵字"),
    ("沒有匹配的", "沒有符合條件的"),
    ("都不匹配", "都不相符"),
    ("匹配", "配對"),
    ("蒙特卡洛", "蒙特卡羅"),
    ("鏈接", "連結"),
    ("閲", "閱"),
    ("相沖突", "相衝突"),
    ("形式的對象", "形式的物件"),
    ("為鍵的對象", "為鍵的物件"),
    ("郵件發送", "電郵發送"),
    ("編制人", "編製人"),
    ("籤名", "簽名"),
    ("瞭解", "了解"),
    ("此類郵件", "此類電郵"),
    ("證據文件", "證據檔案"),
    ("綫", "線"),
    ("税", "稅"),
    ("脱", "脫"),
    ("衞", "衛"),
    ("羣", "群"),
    ("爲", "為"),
    ("僞", "偽"),
    ("衆", "眾"),
    ("峯", "峰"),
    ("併發布", "並發佈"),
    ("發布", "發佈"),
    ("系數", "係數"),
    ("的郵件", "的電郵"),
    ("實時", "即時"),
    ("粘貼", "貼上"),
    ("打開", "開啟"),
    ("新建", "新增"),
    ("添加", "新增"),
    ("摺現", "折現"),
    ("兑", "兌"),
    ("隊列", "佇列"),
    ("載入示例", "載入範例"),
    ("獲取", "取得"),
    ("編號列和標題列", "編號欄和標題欄"),
    ("第 %(column)d 列", "第 %(column)d 欄"),
    ("“", "「"),
    ("”", "」"),
]

IGNORE = [".venv/*", "var/*", "tests/*", "*/tests/*", "benchmarks/*", "scripts/*"]


def extract() -> None:
    args = [sys.executable, "manage.py", "makemessages", "-l", "zh_Hant", "-l", "zh_Hans", "--no-obsolete"]
    for pattern in IGNORE:
        args += ["--ignore", pattern]
    subprocess.run(args, cwd=ROOT, check=True)  # noqa: S603


def to_hong_kong(text: str, converter: opencc.OpenCC) -> str:
    text = converter.convert(text)
    for simplified_usage, hong_kong_usage in HK_PHRASES:
        text = text.replace(simplified_usage, hong_kong_usage)
    return text


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
            entry.msgstr_plural = {k: to_hong_kong(v, converter) for k, v in source.msgstr_plural.items()}
        else:
            entry.msgstr = to_hong_kong(source.msgstr, converter)
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
