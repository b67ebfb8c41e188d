"""The region a notice's issuer governs, read from the issuer's name.

- A province-level name (青海省人民政府办公厅) → 青海省; a chain of divisions
  (杭州市西湖区人民政府) → 杭州市西湖区, as written.
- Central bodies (国务院, 中共中央, 国家…局, ministries) → 全国.
- Institutions (universities, hospitals, enterprises) → None, as are names without a
  place (省政府办公厅).
Province names are data: scrapers/parse/data/provinces.txt.
"""

from __future__ import annotations

import re
from pathlib import Path

from scrapers.lazyre import lazy_compile

_DATA = Path(__file__).resolve().parent / "data" / "provinces.txt"


def _load() -> tuple[dict[str, str], dict[str, str]]:
    """Short and full names → full name; one-character abbreviations (川, 粤) → full name."""
    names: dict[str, str] = {}
    abbreviations: dict[str, str] = {}
    for line in _DATA.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        full, *short = line.split()
        names[full] = full
        for s in short:
            if len(s) >= 2:
                names[s] = full
            else:
                abbreviations[s] = full
    return names, abbreviations


PROVINCES, _ABBREVIATIONS = _load()


def province_of_number(doc_number: str | None) -> str | None:
    """The province a provincial organ's document number begins with (川办函〔2021〕35号 →
    四川省). Only for an organ known to be provincial: cities use such letters too."""
    return _ABBREVIATIONS.get(doc_number[:1]) if doc_number else None


# 鄂政办发〔2019〕12号 / 黔府办函: a province's government's own number form. Cities share
# some letters (宁政发 Nanjing, 青政发 Qingdao, 苏府 Suzhou, 云府 Yunfu): those say nothing.
_PROVINCIAL_NUMBER_RE = lazy_compile(r"^(?:([^宁青台港澳])政|([^宁青台港澳苏云])府)(?:办)?(?:发|函|电|明电)")


def province_of_provincial_number(doc_number: str | None) -> str | None:
    """The province a number in a provincial government's own form names (鄂政办发 → 湖北省),
    with no issuer known."""
    m = _PROVINCIAL_NUMBER_RE.match(doc_number) if doc_number else None
    return _ABBREVIATIONS.get(m.group(1) or m.group(2)) if m else None


_SHORT_FIRST = sorted(PROVINCES, key=len, reverse=True)
_CENTRAL = lazy_compile(
    r"^(国务院|中共中央|中央|全国|国家|最高人民|中华人民共和国|中国(?!共产党)[\u4e00-\u9fff]{2,6}(?:局|部|署|委员会|银行)$)"
    r"|(?<![省市县区州])(部|总署|总局)(办公厅)?$"
)
_INSTITUTION = lazy_compile(
    r"大学|学院|学校|中学|小学|幼儿园|医院|公司|集团|银行|研究院|研究所|出版社|报社|商会|协会|学会"
)
_PARTY = lazy_compile(r"^(中共|中国共产党)")
# Division suffixes, longest first; a region is a prefix of the issuer ending with one.
_SUFFIX = lazy_compile(
    r"特别行政区|自治区|自治州|自治县|自治旗|生产建设兵团|地区|新区|省|市|县|区|州|盟|旗"
    # a town or subdistrict only before its own organ (城镇/乡村 are not places)
    r"|(?:镇|乡)(?=人民政府|委员会|党委|党政|政府)|街道(?=办事处|党工委|工作委员会)"
)
# After these, 市/县/区 do not end a place name (市场, 区域, 县级, 市直, 市长 …).
_NOT_AFTER_SUFFIX = "场域级直长民属"
_ORGAN = lazy_compile(r"人民|政府|办公|党委|中心|[局厅委院部会室处社署]")


# a level's word with no place before it (街道办事处, 新区管委会): no region
_BARE_LEVELS = frozenset(
    {"自治区", "自治州", "自治县", "街道", "新区", "开发区", "高新区", "园区", "社区", "城区", "市区", "地区"}
    | {"景区", "管理区"}
)


# A town's or subdistrict's organ named under its parent's: 中共某区委某某街道工作委员会,
# 某区人民政府某某街道办事处, 某县人民政府某某镇人民政府 → the parent's organ word goes.
_PARENT_ORGAN = lazy_compile(
    r"(?<=[市县区旗])(?:委|人民政府|政府)(?=[\u4e00-\u9fff]{2,8}?(?:街道|镇|乡)"
    r"(?:办事处|党工委|工作委员会|人民政府|政府|委员会|党委))"
)


def region_of(issuer: str | None) -> str | None:
    if not issuer:
        return None
    name = _PARENT_ORGAN.sub("", _PARTY.sub("", re.sub(r"\s+", "", issuer)), count=1)
    if _INSTITUTION.search(name):
        return None
    best = None
    for match in _SUFFIX.finditer(name):
        prefix = name[: match.end()]
        following = name[match.end() : match.end() + 1]
        if _ORGAN.search(prefix):
            break
        if match.group(0) in "市县区" and following and following in _NOT_AFTER_SUFFIX:
            continue
        if len(prefix) >= 2:
            best = prefix
    if best and best[-2:] in ("县县", "市市", "区区"):
        best = best[:-1]  # 中共莒县县委: the second 县 is the committee's (县委)
    if best and best not in _BARE_LEVELS:
        return best
    if _CENTRAL.search(name):
        return "全国"
    for short in _SHORT_FIRST:
        if name.startswith(short):
            return PROVINCES[short]
    return None


def is_institution(issuer: str | None) -> bool:
    """A university, hospital or enterprise: it governs no region."""
    return bool(issuer and _INSTITUTION.search(issuer))


_NOT_PLACE = lazy_compile("[我全本各该某份的和与及在对将多几两每]|成立|设立|调整")
_LEADING_PLACE = lazy_compile(
    r"^((?:中共)?[\u4e00-\u9fff]{1,8}?(?:特别行政区|自治区|自治州|自治县|省|市|县|区|镇|乡))"
    rf"(?![{_NOT_AFTER_SUFFIX}])"
)


def leading_region(text: str | None) -> str | None:
    """The place a heading or a report begins with: 湖北省疫情防控指挥部… → 湖北省,
    上海已设立… → 上海市, 国务院成立… → 全国; None when it begins with no place."""
    if not text:
        return None
    name = _PARTY.sub("", re.sub(r"\s+", "", text))
    if name.startswith("关于"):
        return None
    match = _LEADING_PLACE.match(name)
    place = match.group(1) if match else ""
    # A province is one of a known few: "张吉福出席省…" begins with no place.
    known = not place.endswith("省") or place.removeprefix("中共") in PROVINCES
    if place and known and not _ORGAN.search(place) and not _NOT_PLACE.search(place):
        return place
    if re.match(r"(?:国务院|中共中央|党中央|全国|国家)", name):
        return "全国"
    return next((PROVINCES[short] for short in _SHORT_FIRST if name.startswith(short)), None)


_PROVINCE_RE = lazy_compile("|".join(re.escape(name) for name in _SHORT_FIRST))


def only_province(text: str) -> str | None:
    """The one province a text names (湖北省…, 据安徽日报…); None when it names none or several."""
    found = {PROVINCES[m.group(0)] for m in _PROVINCE_RE.finditer(text)}
    return found.pop() if len(found) == 1 else None
