"""Names of bodies: the main body, its alias, declared sub-groups, offices and events.

A body's name is the shortest run of name characters ending in a kind word
(领导小组, 委员会 …) after a verb that introduces it (成立, 调整, 更名为 …).
"""

from __future__ import annotations

import re
from typing import NamedTuple

from scrapers.lazyre import lazy_compile
from scrapers.parse.lexicon import GROUP_KINDS, KIND_ALT, PLACES, SELF_REFERENCES

_NAME_CHARS = r"[^\s，,。、；;：（）《》—]"
NAME = rf"{_NAME_CHARS}{{2,60}}?(?:{KIND_ALT})"
NAME_RE = lazy_compile(NAME)
_TITLE_RE = lazy_compile(
    rf"关于(?:成立|设立|组建|建立|调整|充实|撤销|更名|印发|明确)?(?:和调整|及调整)?({NAME})"
)
_ESTABLISH_RE = lazy_compile(rf"(?:决定|同意|研究)?(?:成立|设立|组建|建立)(?:了)?({NAME})")
_ADJUST_RE = lazy_compile(
    rf"(?:调整|充实|完善)({NAME})|对({NAME})(?:部分)?(?:组成人员|成员)?(?:进行|作|作出|予以)?(?:了)?(?:如下)?调整"
)
_NUMBERING_RE = lazy_compile(
    r"^(?:[0-9]{1,2}[.．、]|[一二三四五六七八九十]{1,3}、|（[一二三四五六七八九十0-9]{1,3}）)"
)
_VERB_PREFIX_RE = lazy_compile(
    r"^(?:同意|决定|研究|经研究)?(?:(?:成立|设立|组建|建立|调整|充实|撤销|更名|保留|新设)了?)+"
)
_RENAMED_RE = lazy_compile(
    rf"{NAME}(?:（(?!以下|简称){NAME}）)?"
)  # 更名为福建省安全生产委员会（福建省减灾委员会）
_RENAME_VERB_RE = lazy_compile(
    "更名为|调整为|改为|改名为|改设为|变更为|更改为|升格为"
)  # as events.py reads them
_NAME_END_RE = lazy_compile(rf"({NAME})(?:制度)?[”\"]?$")
_MERGE_TAIL_RE = lazy_compile(
    rf"(?:调整|设立|组建|成立|重组)?为({NAME})|[，,]?(?:后)?(?:组建|设立|成立|为)({NAME})"
)
_ABOLISH_RE = lazy_compile(r"(?<!自行)(?<!即行)撤销|不再保留|予以撤销")
_ALIAS_TAIL_RE = lazy_compile(r"（(?:以下)?(?:简称|称)[为:：]?[“\"]?([^”\"）]{1,20})[”\"]?）")
_SUBGROUPS_RE = lazy_compile(
    r"(?:下设|(?<![建开增])设(?![在置计立有]))([^。]{2,200}?)(?:等)?(?:[0-9一二两三四五六七八九十]+个)(专题组|保障组|专项工作组|工作组|专项组|专项小组|小组|组)"
)
_SUBGROUP_COUNT_RE = lazy_compile(r"个(?:专题组|保障组|专项工作组|工作组|专项组|专项小组|小组|组)")
_SUBGROUP_MORE_RE = lazy_compile(
    r"^(?:和|及|以及|、)(.{2,200}?)(?:等)?(?:[0-9一二两三四五六七八九十]+个)(专题组|保障组|专项工作组|工作组|专项组|专项小组|小组|组)"
)
# the subject of a sentence asking every unit to act (各研究所 / 各地要 / 各有关单位)
_EACH_UNIT_RE = lazy_compile(r"(?:（[一二三四五六七八九十]{1,3}）|[0-9]{1,2}[.．、])?[ ]*各")
# 指导各二级学院尽快成立院级学术委员会: each unit is asked to set one up
_ASK_EACH_RE = lazy_compile(r"(?:指导|要求|督促|推动|鼓励|责成|请)各")
_LIST_SPLIT_RE = lazy_compile(r"[、，,]|(?<=[组室])和")
_FROM_SPLIT_RE = lazy_compile(r"[、，,]|和|与|及")

# a committee under the body (县消防安全专业委员会); the bare word alone is only a heading
SUB_BODY_RE = lazy_compile(r"(?:专业|专门|专项|分)委员会$")
MAIN_KINDS = tuple(k for k in GROUP_KINDS if k not in ("工作组", "督导组"))
CATEGORIES = ("专题组", "保障组", "工作组")


class Event(NamedTuple):
    type: str
    group: str
    from_: tuple[str, ...] = ()


def kind_of(name: str) -> str | None:
    """The kind word a body's name ends with (longest first)."""
    best = None
    for kind in GROUP_KINDS:
        if name.endswith(kind) and (best is None or len(kind) > len(best)):
            best = kind
    return best


_LEAD_VERB_RE = lazy_compile(
    r"^.*(?:成立|设立|组建|决定|同意将|将|把|后的|组成的|议事协调机构|调整了|充实了|更名为|调整为|合并为|整合为)"
)
# 对 before a name is a preposition (决定对…), except in the words 对台/对外/对口 (对台湾工作领导小组)


def _conjunction(word: str, opens: set[str]) -> str:
    """`word` as a conjunction before a name: not where it begins a word of `opens` or a place
    of places.txt (和田地区…: 关于成立和田地区防汛工作领导小组)."""
    rest = sorted(opens | {p[1:] for p in PLACES if p[0] == word and len(p) > 1})
    return f"{word}(?!{'|'.join(rest)})" if rest else word


_LEAD_WORD_RE = lazy_compile(
    r"^(?:了|(?:本|我)?单位|我[市县区省校院]|原|将|(?:对(?![台外口]))|把|在|的|决定|同意|现|进行|关于|"
    + _conjunction("及", set())
    + "|"
    + _conjunction("和", {"平", "谐", "睦"})
    + ")+"
)


def clean(name: str) -> str:
    """A body name without the words introducing it (决定将, 调整后的, 1．…)."""
    name = _LEAD_VERB_RE.sub("", name)
    name = _NUMBERING_RE.sub("", name)
    name = _VERB_PREFIX_RE.sub("", name)
    name = _LEAD_WORD_RE.sub("", name).strip('"')
    if name.startswith("“") and (name.endswith("”") or "”" not in name):
        name = name[1:]  # a quote around the name, or one left open before it
    if name.endswith("”") and "“" not in name:
        name = name[:-1]
    return name  # “示范校”建设领导小组: a quote inside the name stays


# a body named after an organ that is itself a 委员会 (国家发展和改革委员会…领导小组), up to 的通知
_ORGAN_BODY_RE = lazy_compile(rf"((?:(?!及|和|与){_NAME_CHARS}){{2,40}}?(?:{KIND_ALT}))(?=的|$)")


_CJK_SPACE_RE = lazy_compile(r"(?<=[\u4e00-\u9fff]) +(?=[\u4e00-\u9fff])")


def title_body(title: str | None) -> str | None:
    if not title:
        return None
    if " " in title:  # a title wrapped over lines, joined with a space: 国务院第二次 全国…领导小组
        title = _CJK_SPACE_RE.sub("", title)
    m = _TITLE_RE.search(title)
    if m is None:
        return None
    if m.group(1).endswith("委员会") and (more := _ORGAN_BODY_RE.match(title, m.end(1))):
        return clean(m.group(1) + more.group(1))  # 国家卫生和计划生育委员会精神文明建设指导委员会
    return clean(m.group(1))


def _name_before(text: str, i: int) -> str | None:
    """The body name ending right at text[i] (searched in a window, for speed)."""
    m = _NAME_END_RE.search(text, max(0, i - 80), i)
    return clean(m.group(1)) if m else None


def aliases(text: str) -> dict[str, str]:
    """Body name → the alias the notice defines for it (以下简称X)."""
    out: dict[str, str] = {}
    for m in _ALIAS_TAIL_RE.finditer(text):
        name = _name_before(text, m.start())
        name = clean(name) if name else name  # 建立X（以下简称联席会议）: the name without the verb
        if name and not name.endswith("办公室"):
            out.setdefault(name, "".join(m.group(1).split()))  # a line break inside: 领导小\n组
    return out


def events(text: str, title: str | None) -> list[Event]:
    """Rename / merge / abolish statements about top-level bodies (establish/adjust: structure)."""
    found: list[Event] = []
    for m in _RENAME_VERB_RE.finditer(text):  # 将A更名为B / 将A调整为B
        if m.group() == "调整为" and text[max(0, m.start() - 2) : m.start()] in ("合并", "整合"):
            continue
        old, new = _name_before(text, m.start()), _RENAMED_RE.match(text, m.end())
        if old and new:
            found.append(Event("rename", clean(new.group()), (old,)))
    for m in re.finditer("合并|整合", text):
        tail = _MERGE_TAIL_RE.match(text, m.end())
        if not tail:
            continue
        sentence = re.split(r"[。；，]", text[max(0, m.start() - 200) : m.start()])[-1]
        sentence = re.split(r"决定将|同意将|将|把", sentence)[-1]
        olds = [clean(n) for n in _FROM_SPLIT_RE.split(sentence)]
        olds = [n for n in olds if NAME_RE.fullmatch(n or "-")]
        if len(olds) >= 2:
            found.append(Event("merge", clean(tail.group(1) or tail.group(2)), tuple(olds)))
    if "撤销" in text or "不再保留" in text:
        found.extend(_abolished(text))
    return found


_LIST_NUMBER = r"(?:[0-9]{1,2}[.．、]|[一二三四五六七八九十]{1,3}、|（[一二三四五六七八九十0-9]{1,3}）)"
_LIST_ITEM_RE = lazy_compile(
    rf"^{_LIST_NUMBER}?[ ]*({_NAME_CHARS}+?(?:{KIND_ALT}))(?:及其?办公室)?(?:（[^）]*）)?[。；，、]?$"
)


def listed_names(text: str) -> list[str]:
    """Body names listed one a line (1．省…领导小组) or in one 、-separated sentence."""
    out = []
    lines = text.split("\n")
    for i, line in enumerate(lines):
        following = lines[i + 1].strip() if i + 1 < len(lines) else ""
        if (
            0 < len(following) <= 6
            and not _LIST_ITEM_RE.match(line.strip())
            and not re.match(r"\d|（", following)
            and _LIST_ITEM_RE.match(line.strip() + following)  # 特此通知 is no name's end
        ):
            line = line.rstrip() + following  # 11.某市…工作领导 / 小组: a name broken over two lines
        m = _LIST_ITEM_RE.match(line.strip())
        if m:
            out.append(clean(m.group(1)))
        elif "、" in line:
            out.extend(clean(n) for n in re.split(r"[、，。；]", line) if NAME_RE.fullmatch(clean(n) or "-"))
    return out


# the end of what a 撤销 statement abolishes: its sentence, or where the kept bodies begin
_KEPT_RE = lazy_compile(r"[。；]|(?<!不再)保留")
_KEPT_LINE_RE = lazy_compile(r"\n[^\n]{0,20}(?<!不再)(?<!不予)保留")


def _abolished(text: str) -> list[Event]:
    out: list[Event] = []
    for m in _ABOLISH_RE.finditer(text):
        before = text[max(0, m.start() - 120) : m.start()]
        after = text[m.end() : m.end() + 600]
        sentence_after = _KEPT_RE.split(after, maxsplit=1)[0]  # not the bodies it keeps
        head, colon, rest = after.partition("：")
        if colon and "\n" not in head and "。" not in head and len(head) <= 20:  # 撤销以下机构：1．…
            block = re.split(r"\n[ ]*\n", rest.lstrip("\n "), maxsplit=1)[0]
            block = _KEPT_LINE_RE.split(block, maxsplit=1)[0]  # …\n保留以下机构：1、… : kept, not abolished
            names = listed_names(block)
        elif m.group() == "撤销":
            names = NAME_RE.findall(sentence_after.split("，")[0])
        else:
            names = NAME_RE.findall(re.split(r"[。；，]", before)[-1])
        for name in names:
            out.append(Event("abolish", clean(name)))
    return out


_RELATIVE_RE = lazy_compile(r"^由|任|担任|为")


# a name with 、 inside (成立打击侵犯、假冒植物新品种权违法行为专项行动领导小组): words before
# the 、 that hold no kind word of their own are part of one name, not a list of bodies
_ESTABLISH_JOINED_RE = lazy_compile(rf"(?:成立|设立|组建|建立)(?:了)?((?:{_NAME_CHARS}{{1,16}}、)+{NAME})")


# 成立了由行政一把手任组长、主管领导任副组长，其他…任成员的保电工作领导小组: the name after 的
_FOUNDED_BY_NAME_RE = lazy_compile(
    rf"(?:成立|设立|组建|建立)了?(?:由|以)[^。；]{{2,160}}?(?:任|为|担任)[^。；]{{0,40}}?的({NAME})"
)


def _joined_establish(text: str) -> list[re.Match[str]]:
    if "、" not in text:
        return []
    return [
        m
        for m in _ESTABLISH_JOINED_RE.finditer(text)
        if not any(NAME_RE.search(p) for p in m.group(1).split("、")[:-1])
    ]


def establish_names(text: str) -> list[str]:
    """Bodies the text sets up; not one each unit is asked to set up (各研究所成立由所长任组长的…)."""
    out = []
    found = list(_ESTABLISH_RE.finditer(text)) + _joined_establish(text)
    if "由" in text or "以" in text:
        found += _FOUNDED_BY_NAME_RE.finditer(text)
    for m in sorted(found, key=lambda m: m.start()):
        name = clean(m.group(1))
        clause = re.split(r"[。；，：\n]", text[max(0, m.start() - 30) : m.start()])[-1]
        if "的" in name and _RELATIVE_RE.search(name.rsplit("的", 1)[0]):  # 成立由…任组长的专项领导组
            name = clean(name.rsplit("的", 1)[1])
        each = _EACH_UNIT_RE.match(clause) or _ASK_EACH_RE.search(clause)
        if not name.startswith(("由", "相应", "本级")) and not each:
            out.append(name)
    return out


_LISTED_BODY_RE = lazy_compile(rf"({NAME})(?:组成人员|成员)(?:调整后)?名单")


def listed_body(text: str) -> str | None:
    """The body whose member list the text heads (附件：福建省…联席会议组成人员名单)."""
    m = _LISTED_BODY_RE.search(text)
    return clean(m.group(1)) if m else None


def is_self_reference(prefix: str) -> bool:
    """The issuer's short word for itself before a body's name (委, 医院, 本所), or the last
    character of an organ cut off before it (委X for 国家发展改革委X): no fuller name, no other
    body. The words are in lexicons/self_references.txt."""
    return prefix in SELF_REFERENCES


# a company or school naming itself before a body (集团公司…指挥部, 学校…委员会)
SELF_REFERENCE_RE = lazy_compile(r"^(?:集团公司|集团|公司|学校|本院|我院|我校)")

# what a fuller name adds before a body's name: an organ or a place (平原县委, 青海省)
_ORGAN_PREFIX_RE = lazy_compile(
    r"[\u4e00-\u9fff]{1,12}?(?:省|市|县|区|镇|乡|州|盟|旗|县委|市委|省委|区委|政府|国务院)"
)
_NAME_START = frozenset('，,。；;：:、\n （）《》“”"—')


def fuller_name(text: str, name: str) -> str | None:
    """The body's name with the organ or place the text writes before it elsewhere
    (…调整充实了对台湾工作领导小组 / 平原县委对台湾工作领导小组由…): the first such."""
    at = text.find(name)
    seen = 0
    while at != -1 and seen < 8:
        seen += 1
        i = at
        while i > max(0, at - 14) and text[i - 1] not in _NAME_START:
            i -= 1
        prefix = text[i:at]
        if prefix and _ORGAN_PREFIX_RE.fullmatch(prefix):
            return prefix + name
        at = text.find(name, at + len(name))
    return None


def adjust_names(text: str) -> list[str]:
    return [clean(m.group(1) or m.group(2)) for m in _ADJUST_RE.finditer(text)]


def declared_subgroups(text: str) -> list[tuple[str, str | None]]:
    """Sub-groups a 下设 sentence names, completed with 组, with their category."""
    out: list[tuple[str, str | None]] = []
    matches, done = [], 0
    # Scan only the 210 characters before each "N个…组": the pattern tries every 设.
    for count in _SUBGROUP_COUNT_RE.finditer(text):
        start = max(done, count.start() - 212)
        m = _SUBGROUPS_RE.search(text, start, count.end())
        if m:
            matches.append(m)
            done = m.end()
    for m in matches:
        parts = [(m.group(1), m.group(2))]
        rest = text[m.end() : m.end() + 300]
        more = _SUBGROUP_MORE_RE.match(rest)
        if more:
            parts.append((more.group(1), more.group(2)))
        for names, word in parts:
            category = word if word in CATEGORIES else "工作组" if word == "专项工作组" else None
            for raw in _LIST_SPLIT_RE.split(names):
                name = raw.strip()
                if not name or "办公室" in name:
                    continue
                if not name.endswith("组"):
                    name += "组"
                if (name, category) not in out:
                    out.append((name, category))
    return out
