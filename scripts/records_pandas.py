#!/usr/bin/env python3
"""The checks of `sealcheck records check`, written as one would in pandas, for the speed
comparison in scripts/compare-records.sh. Prints the summary (code -> count) as JSON, which the
comparison script checks against sealcheck's, so both programs are known to do the same work.

    python3 scripts/records_pandas.py EXPORT.csv [--today YYYY-MM-DD]

Dev tool only (needs pandas and numpy); the crate never uses it.
"""
import json
import re
import sys
import tomllib
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
CODES = ["ID_INVALID", "GENDER_MISMATCH", "BIRTH_DATE_MISMATCH", "NAME_INVALID",
         "ID_NAME_CONFLICT", "ID_MULTIPLE_PERSON_NUMBERS", "PERSON_NUMBER_MULTIPLE_IDS",
         "USCC_INVALID", "UNIT_TYPE_MISMATCH", "INJURY_RATE_MISMATCH", "DUPLICATE_ROW"]
HEADERS = {
    "name": ["姓名", "人员姓名", "参保人姓名", "职工姓名", "参保人员姓名"],
    "id": ["公民身份号码", "身份证号码", "身份证号", "身份证件号码", "证件号码", "社会保障号码", "社会保障号"],
    "sex": ["性别"],
    "birth": ["出生日期", "出生年月", "出生年月日"],
    "pn": ["个人编号", "人员编号", "个人编码", "个人社保编号", "个人电脑号"],
    "uscc": ["统一社会信用代码", "社会信用代码", "信用代码"],
    "unit_type": ["单位类型", "单位性质"],
    "risk": ["行业风险类别", "行业风险类型", "风险类别", "工伤风险类别"],
    "rate": ["工伤保险费率", "工伤费率", "工伤缴费费率"],
}
ID_WEIGHTS = np.array([7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2])
ID_CHECK = np.array(list("10X98765432"))
PROVINCES = {*range(11, 16), *range(21, 24), *range(31, 38), *range(41, 47), *range(50, 55),
             *range(61, 66), 71, 81, 82, 83, 91, 92, 93}
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2]


def read(path):
    raw = Path(path).read_bytes()[:65536]
    if raw.startswith(b"\xef\xbb\xbf"):
        enc = "utf-8-sig"
    else:
        try:
            raw.decode("utf-8")
            enc = "utf-8"
        except UnicodeDecodeError as e:
            enc = "utf-8" if e.start >= len(raw) - 3 else "gb18030"
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding=enc)


def column(df, field):
    for h in df.columns:
        if h.strip() in HEADERS[field]:
            return h
    return None


def normalize_id(s):
    return s.str.replace(r"[\s\-\u3000]", "", regex=True).str.upper()


def check_ids(ids, today):
    """Returns (valid mask, 18-character numbers)."""
    n = normalize_id(ids)
    fifteen = n.str.fullmatch(r"\d{15}")
    up = n.where(~fifteen, n.str.slice(0, 6) + "19" + n.str.slice(6))
    shape = up.str.fullmatch(r"\d{17}[\dX]") | fifteen
    body = up.where(shape, "0" * 17).str.slice(0, 17)
    digits = np.frombuffer("".join(body).encode(), dtype=np.uint8).reshape(-1, 17) - 48
    check = ID_CHECK[(digits @ ID_WEIGHTS) % 11]
    up = up.where(~fifteen, up + check)
    province = pd.to_numeric(up.str.slice(0, 2), errors="coerce")
    born = pd.to_datetime(up.str.slice(6, 14), format="%Y%m%d", errors="coerce")
    valid = (shape & province.isin(PROVINCES) & born.notna()
             & (born.dt.year >= 1850) & (born <= pd.Timestamp(today))
             & (up.str.slice(17, 18) == check))
    return valid.fillna(False).astype(bool), up


NAME_BAD = re.compile(r"[^A-Za-z\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF\U00020000-\U000323AF· ]")
HAN = r"[\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF\U00020000-\U000323AF]"


def name_invalid(names):
    s = names
    return ((s.str.strip() == "") | s.str.match(r"\s") | s.str.contains(r"\s$")
            | s.str.contains(NAME_BAD) | s.str.contains("··", regex=False)
            | s.str.startswith("·") | s.str.endswith("·") | s.str.contains("  ", regex=False)
            | (s.str.contains(HAN) & (s.str.contains("[A-Za-z]") | s.str.contains(" ", regex=False))))


def comparable_name(names):
    s = names.str.replace(r"\s", "", regex=True)
    s = s.str.replace(r"[.．•・‧∙⋅･]", "·", regex=True)
    s = s.map(lambda x: x.translate(FULLWIDTH))
    return s.str.upper()


FULLWIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}


def uscc_ok(code):
    c = re.sub(r"[\s\-\u3000]", "", code).upper()
    if len(c) != 18 or any(ch not in USCC_ALPHABET for ch in c):
        return False
    total = sum(USCC_ALPHABET.index(ch) * w for ch, w in zip(c[:17], USCC_WEIGHTS))
    if USCC_ALPHABET[(31 - total % 31) % 31] != c[17]:
        return False
    org = c[8:17]
    if not all(ch.isdigit() or "A" <= ch <= "Z" for ch in org[:8]):
        return False
    total = sum((int(ch) if ch.isdigit() else ord(ch) - 55) * w for ch, w in zip(org[:8], ORG_WEIGHTS))
    r = 11 - total % 11
    return org[8] == ("X" if r == 10 else "0" if r == 11 else str(r))


def unit_type_ok(table, unit_type, code):
    t = re.sub(r"\s", "", unit_type)
    if not t:
        return True
    for w in table["wording"]:
        if w["contains"] in t:
            return code[:2] in w["codes"]
    return True


def scaled(text, scale):
    try:
        d = Decimal(text)
    except InvalidOperation:
        return None
    if d < 0 or not d.is_finite() or not re.fullmatch(r"\d*\.?\d*", text):
        return None
    v = d * (10 ** scale)
    return int(v) if v == v.to_integral_value() else None


CLASS_WORDS = {**{str(i): i for i in range(1, 9)}, **{f"0{i}": i for i in range(1, 9)},
               **dict(zip("一二三四五六七八", range(1, 9))), **dict(zip("ⅠⅡⅢⅣⅤⅥⅦⅧ", range(1, 9))),
               **dict(zip(["I", "II", "III", "IV", "V", "VI", "VII", "VIII"], range(1, 9)))}


def rate_ok(levels, risk, rate):
    core = re.sub(r"\s", "", risk).lstrip("第")
    for suffix in ("行业", "风险", "类"):
        if core.endswith(suffix):
            core = core[: -len(suffix)]
    cls = CLASS_WORDS.get(core.upper())
    if cls is None:
        return False
    t = re.sub(r"\s", "", rate).replace("％", "%")
    if t.endswith("%"):
        readings = [scaled(t[:-1], 4)]
    elif t.endswith("‰"):
        readings = [scaled(t[:-1], 3)]
    else:
        f, p = scaled(t, 6), scaled(t, 4)
        readings = [f if f is not None and f < 50000 else None, p if p is not None and p >= 500 else None]
    return any(r in levels[cls] for r in readings if r is not None)


def main():
    path = sys.argv[1]
    today = date.fromisoformat(sys.argv[sys.argv.index("--today") + 1]) if "--today" in sys.argv else date.today()
    rates = tomllib.loads((ROOT / "data/records/injury_rates.toml").read_text())
    levels = {c["class"]: {int(Decimal(c["base_percent"]) * 10000) * p // 100 for p in c["float_percent_of_base"]}
              for c in rates["class"]}
    unit_table = tomllib.loads((ROOT / "data/records/unit_types.toml").read_text())

    df = read(path)
    col = {f: column(df, f) for f in HEADERS}
    counts = dict.fromkeys(CODES, 0)
    blank = df.apply(lambda s: s.str.strip() == "").all(axis=1)
    valid = pd.Series(False, index=df.index)
    ids = pd.Series("", index=df.index)
    if col["id"]:
        raw = df[col["id"]].str.strip()
        valid, ids = check_ids(raw, today)
        present = raw != ""
        counts["ID_INVALID"] = int((present & ~valid & ~blank).sum())
        if col["sex"]:
            sex = df[col["sex"]].str.strip().map({"男": 1, "男性": 1, "1": 1, "M": 1, "m": 1, "Male": 1, "male": 1, "MALE": 1,
                                                  "女": 0, "女性": 0, "2": 0, "F": 0, "f": 0, "Female": 0, "female": 0, "FEMALE": 0})
            given = df[col["sex"]].str.strip() != ""
            odd = pd.to_numeric(ids.str.slice(16, 17), errors="coerce") % 2
            counts["GENDER_MISMATCH"] = int((valid & given & (sex != odd)).sum())
        if col["birth"]:
            b = df[col["birth"]].str.strip().str.split(r"[ T]", regex=True).str[0]
            parts = b.str.extract(r"^(\d{4})[-/.年]?(\d{1,2})(?:[-/.月]?(\d{1,2}))?[月日]?$")
            day_given = parts[2].notna()
            full = pd.to_datetime(parts[0] + "-" + parts[1] + "-" + parts[2].fillna("1"), format="%Y-%m-%d", errors="coerce")
            id_year, id_month, id_day = (pd.to_numeric(ids.str.slice(a, z), errors="coerce") for a, z in ((6, 10), (10, 12), (12, 14)))
            agrees = full.notna() & (full.dt.year == id_year) & (full.dt.month == id_month) & (~day_given | (full.dt.day == id_day))
            given = b != ""
            counts["BIRTH_DATE_MISMATCH"] = int((valid & given & ~agrees).sum())
    if col["name"]:
        counts["NAME_INVALID"] = int((name_invalid(df[col["name"]]) & ~blank).sum())
    if col["uscc"]:
        codes = df[col["uscc"]].str.strip()
        ok = codes.map({c: uscc_ok(c) for c in codes.unique()})
        counts["USCC_INVALID"] = int(((codes != "") & ~ok).sum())
        if col["unit_type"]:
            pairs = df[col["unit_type"]] + "\x1f" + codes.str.replace(r"[\s\-\u3000]", "", regex=True).str.upper()
            match = pairs.map({p: unit_type_ok(unit_table, *p.split("\x1f")) for p in pairs.unique()})
            counts["UNIT_TYPE_MISMATCH"] = int(((codes != "") & ok & ~match).sum())
    if col["risk"] and col["rate"]:
        risk, rate = df[col["risk"]].str.strip(), df[col["rate"]].str.strip()
        pairs = risk + "\x1f" + rate
        ok = pairs.map({p: rate_ok(levels, *p.split("\x1f")) for p in pairs.unique()})
        counts["INJURY_RATE_MISMATCH"] = int(((risk != "") & (rate != "") & ~ok).sum())

    compared = df.drop(columns=[c for c in df.columns if c.strip() in ("序号", "行号", "顺序号")])
    compared = compared.apply(lambda s: s.str.strip())
    dup = compared.duplicated(keep="first") & ~blank
    counts["DUPLICATE_ROW"] = int(dup.sum())
    keyed = ~dup & ~blank & valid
    if col["id"]:
        k = pd.DataFrame({"id": ids[keyed]})
        if col["pn"]:
            k["pn"] = df.loc[keyed, col["pn"]].str.strip().replace("", np.nan)
            first = k.groupby("id")["pn"].transform("first")
            counts["ID_MULTIPLE_PERSON_NUMBERS"] = int((k["pn"].notna() & first.notna() & (k["pn"] != first)).sum())
            with_pn = k[k["pn"].notna()]
            first_id = with_pn.groupby("pn")["id"].transform("first")
            counts["PERSON_NUMBER_MULTIPLE_IDS"] = int((with_pn["id"] != first_id).sum())
        if col["name"]:
            k["name"] = comparable_name(df.loc[keyed, col["name"]]).replace("", np.nan)
            first = k.groupby("id")["name"].transform("first")
            counts["ID_NAME_CONFLICT"] = int((k["name"].notna() & first.notna() & (k["name"] != first)).sum())
    print(json.dumps({"rows": len(df), "summary": counts}, ensure_ascii=False, sort_keys=True))


if __name__ == "__main__":
    main()
