"""What a news report says about the notice it reports on.

    国务院办公厅近日印发《国务院办公厅关于调整全国政务公开领导小组的通知》…
    1月12日，鞍山市政府办公厅印发了《…的通知》（鞍政办发〔2015〕1号）
    四川省委办公厅、省政府办公厅下发了《关于成立…的通知》
    国务院发布了一则通知——《国务院办公厅关于成立…的通知》
    市安委会印发通知，要求…

The organ is the report's own wording (鞍山市政府办公厅, the first of a joint pair); the
title is the quoted one; the date is the day the notice was 印发/下发 when the report gives
it (its year from the quoted number, else from the report); a day the notice was put on a
website (发布) is not its signing date.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from scrapers.lazyre import lazy_compile
from scrapers.parse.dates import find_dates
from scrapers.parse.region import leading_region

ORGAN_WORDS = (
    r"(?:人民政府|政府|办公厅|办公室|委员会|党组|党委|省委|市委|县委|区委|常委会|指挥部|防总|人大|政协|中心|"
    r"大学|学院|学校|医院|公司|集团|中央|委|厅|局|部|院|署|办|会|室|组|处)"
)
_ORGAN_END = lazy_compile(ORGAN_WORDS + "$")
_VERB = lazy_compile(
    r"(印发|下发|发出|出台|发布|公布|宣读|宣布|传达)(了|的)?(?:一则|一份|一个)?(?:通知)?\s*[—\-－:：，,]*\s*(?=《)"
    r"|(印发|下发|发出)(?:了)?(?=通知)"
)
_QUOTED = lazy_compile(r"《([^《》\n]{4,150})》")
_CLAUSE_STOP = "，。；：！？,;!?\n》”"
# Words between the organ and the verb, and before the organ at the clause start.
_ADVERBS = lazy_compile(
    r"(?:近日|日前|今天|今日|昨天|昨日|最近|近期|日前已|已经|已|正式|联合|专门|及时|再次|于近日)+$"
)
_LEAD = lazy_compile(
    r"^(?:(?:(?:19|20)\d{2}年)?\d{1,2}月\d{1,2}日(?:上午|下午)?|近日|日前|日前，|据悉|另悉|今天|今年\d+月|同时|此前|为此|对此)+"
)
_CITING = lazy_compile(r"^(?:根据|按照|依据|依照|贯彻|落实|为|经|对|在|将|由|如)")
_WEBSITE = lazy_compile(r"(?:官网|官方网站|门户网站|网站|政府网|网)$")
# "《…的通知》（鞍政办发〔2015〕1号）", also with the year left out: "（余政发[]64号）".
_NUMBER_AFTER = lazy_compile(
    r"\s*[（(]\s*([^（）()]{2,14}[〔\[［【（(]?\s*(?:(?:19|20)\d{2})?\s*[〕\]］】）)]\s*第?\d{1,5}号)"
    r"(?:[，,；;][^（）()\n]{0,24})?\s*[）)]"  # （国办函〔2023〕88号，以下简称《函》）
)
_DAY = lazy_compile(r"(?:((?:19|20)\d{2})年)?(\d{1,2})月(\d{1,2})日(?:上午|下午)?\s*[，,]?\s*$")
_DAY_END = lazy_compile(r"\d{1,2}日$")
_NOTICE_TITLE = lazy_compile(r"(?:通知|决定|批复|意见|通报|公告|通告|复函|函|方案|办法|规定|细则|纪要)$")
_SEARCH_CHARS = 4000


@dataclass
class Report:
    issuer: str | None
    title: str | None
    doc_number: str | None
    date: date | None


# A news dateline before the sentence: "新华社北京5月12日电 ", "本报讯（记者 李四）".
_DATELINE = lazy_compile(r"^[^，。]{0,30}?(?:日电|日讯|网讯|本报讯|报讯)(?:（[^（）]{0,30}）)?\s*")


def _organ(clause: str) -> str | None:
    clause = _DATELINE.sub("", clause.strip())
    clause = _ADVERBS.sub("", _LEAD.sub("", clause)).strip()
    if not clause or _CITING.match(clause):
        return None
    first = re.split(r"[、和及与]|\s+(?=\S{4})", clause)[0].strip()  # a joint pair: the first
    first = _WEBSITE.sub("", first) if not _ORGAN_END.search(first) else first
    if 2 <= len(first) <= 30 and _ORGAN_END.search(first) and "的" not in first:
        return first
    return None


_SPEECH = lazy_compile(r"表示|指出|介绍|透露|获悉|强调|说|称")
_SUBJECT = lazy_compile(r"(?:中共)?[\u4e00-\u9fff]{2,15}?" + ORGAN_WORDS)


def _sentence_subject(before: str) -> str | None:
    """The organ a sentence begins a clause with, before an issuing clause with none of
    its own: "忠县人普办高度重视、提前谋划，及时印发了《…》" → 忠县人普办."""
    sentence = re.split(r"[。！？\n]", before)[-1]
    if _SPEECH.search(sentence):
        return None  # "…主任顾洪辉表示，近日…下发了": the speaker's organ did not issue it
    for clause in re.split(r"[，,；]", sentence):
        match = _SUBJECT.match(clause.strip())
        if match and leading_region(match.group(0)) and not _CITING.match(clause.strip()):
            return match.group(0)
    return None


def _year_for(text: str, position: int, number: str | None, published: date | None) -> int | None:
    if number:
        year = re.search(r"(?:19|20)\d{2}", number)
        if year:
            return int(year.group(0))
    if published:
        return published.year
    before = find_dates(text[max(0, position - 3000) : position])
    return before[-1].value.year if before else None  # the report's latest full date


# "会上宣读了《…关于调整…领导小组的通知》": a meeting at which the notice was read out;
# its organ is the title's.
_READ_OUT = ("宣读", "宣布", "传达")
_SETS_UP_BODY = lazy_compile(
    r"(?:成立|调整|设立|组建|建立|充实|撤销|更名)[^《》]{0,60}?"
    r"(?:小组|委员会|指挥部|专班|联席会议|办公室|工作组)"
)


def read_report(text: str, published: date | None = None) -> Report | None:
    """The first sentence that says an organ issued a notice, or None. When it quotes no
    title ("…办公厅下发通知，决定成立…" in a summary), a later one that does completes it."""
    found = list(_reports(text, published))
    first = found[0] if found else None
    if first is None or first.title:
        return first
    quoted = next((r for r in found[1:] if r.title and _same_organ(r.issuer, first.issuer)), None)
    if quoted is None:
        return first
    issuer = max((o for o in (first.issuer, quoted.issuer) if o), key=len, default=None)  # 中共…省委办公厅
    return Report(issuer, quoted.title, quoted.doc_number, first.date or quoted.date)


def _same_organ(a: str | None, b: str | None) -> bool:
    """None (the quoted title's organ), or one organ written with or without 中共."""
    return a is None or b is None or a.removeprefix("中共") == b.removeprefix("中共")


def _reports(text: str, published: date | None) -> Iterator[Report]:
    head = text[:_SEARCH_CHARS]
    for verb in _VERB.finditer(head):
        window = max(0, verb.start() - 80)
        start = max(window - 1, *(head.rfind(c, window, verb.start()) for c in _CLAUSE_STOP)) + 1
        clause = head[start : verb.start()]
        if _CITING.match(_LEAD.sub("", clause.strip())):
            continue  # "根据省政府印发的《…》": a document cited, not the one reported
        # "中国政府网27日发布的《…》": a website put it up, the quoted title names the organ.
        by_website = verb.group(2) == "的" or _WEBSITE.search(_DAY_END.sub("", clause.strip())) is not None
        organ = None if verb.group(2) == "的" else _organ(clause)
        if organ is None and not _ADVERBS.sub("", clause.strip()):
            organ = _sentence_subject(head[max(0, start - 200) : start])  # "X高度重视，及时印发了"
        quoted = _QUOTED.match(head, verb.end()) if verb.group(1) else None
        title = quoted.group(1).strip() if quoted else None
        read_out = verb.group(1) in _READ_OUT and _SETS_UP_BODY.search(title or "") is not None
        if verb.group(1) in _READ_OUT and not read_out:
            continue  # "宣读了《…表彰决定》": not the notice about a body
        if read_out:
            organ = None  # "市水利局传达了《市政府办公室关于成立…》": the title's organ issued it
        if organ is None and not by_website and not read_out:
            continue  # "…启动了一级响应，下发了《…》": no organ, a document mentioned in passing
        if quoted and not _NOTICE_TITLE.search(title or ""):
            continue  # a law or a book, not a notice
        if organ is None and title is None:
            continue
        verb_word = verb.group(1) or verb.group(3)
        number = None
        if quoted:
            found = _NUMBER_AFTER.match(head, quoted.end())
            number = found.group(1) if found else None
        signed = None
        lead = _LEAD.match(clause.strip())
        day = _DAY.search(head[max(0, start - 16) : start] + (lead.group(0) if lead else ""))
        if day and organ and verb_word in ("印发", "下发", "发出"):
            year = int(day.group(1)) if day.group(1) else _year_for(text, start, number, published)
            try:
                signed = date(year, int(day.group(2)), int(day.group(3))) if year else None
            except ValueError:
                signed = None
            if signed and published and signed > published and not day.group(1):
                signed = signed.replace(year=signed.year - 1)  # "12月28日" in a January report
        yield Report(organ, title, number, signed)


# "中共平原县委调整充实了…领导小组", "武进区昨天正式成立…指挥部", "锦州市在全省率先调整…":
# the organ or place that a report says set the body up.
_ACTOR = lazy_compile(
    r"(?:^|[，。,；：:\n])\s*(?:(?:日前|近日|目前|今年\d{1,2}月|\d{1,2}月\d{1,2}日)[，,]?)?\s*"
    r"(?P<actor>[\u4e00-\u9fff]{2,16}?(?:、[\u4e00-\u9fff]{2,16}?)?)"
    r"(?:高度重视[，,])?"
    r"(?:(?:研究)?决定[，,]?|近日|日前|昨天|今天|正式|及时|迅速|已|率先|重新|批复|同意|批准|在全[省市县区]率先)*"
    r"(?:成立|组建|设立|建立|调整充实|调整|充实|将(?=[^，。]{2,60}?(?:更名|改名|调整|改)为))"
    r"(?!大会|仪式|以来|之初|后)"
)
# An organ of the level the text is about, its place not written: 市委, 县政府, 市林业局.
_LOCAL_ORGAN = lazy_compile(r"^(?:中共)?[省市县区镇乡](?![长级])")
_GENERIC = lazy_compile(r"^(?:我|本|该|各|全)|^(?:学校|医院|学院|公司|单位)$")
# "县委县政府成立了…": the Party committee first.
_PARTY_AND_GOVERNMENT = lazy_compile(r"^((?:中共)?\S*?[省市县区州镇]委)(?:[省市县区州镇]?(?:人民)?政府)$")


def acting_organ(*texts: str | None) -> str | None:
    """The organ (or named place) a report says set up or adjusted a body ("市林业局成立…",
    "武进区正式成立…"), from a headline first, then the report's opening; none for a generic
    subject ("学校成立…", "我局调整…"). A headline's bare place gives way to the organ of
    that place the report names ("吉林省成立…" / "吉林省人民政府日前决定成立…")."""
    bare_place = None
    for text in texts:
        for match in _ACTOR.finditer((text or "")[:1500]):
            actor = match.group("actor").split("、")[0]  # 中共某县委、某县人民政府: the first
            if actor.startswith(("经", "由", "据", "按")):
                continue  # 经镇党委、政府研究决定成立: a notice's own formula, no report's actor
            if _GENERIC.search(actor):
                continue
            place = leading_region(actor)
            organ = _ORGAN_END.search(actor) is not None
            named = place and (organ or actor.removeprefix("中共") == place)
            if named or (organ and _LOCAL_ORGAN.match(actor)):
                joint = _PARTY_AND_GOVERNMENT.match(actor)
                found = joint.group(1) if joint else actor
                if not organ and bare_place is None:
                    bare_place = found
                    break  # look for that place's organ in the next text
                if bare_place is None or (organ and found.removeprefix("中共").startswith(bare_place)):
                    return found
                if organ and _LOCAL_ORGAN.match(found) and found.removeprefix("中共")[0] == bare_place[-1]:
                    return found  # 宁波市成立… / 市委、市政府决定成立…: the report's organ, place unwritten
    return bare_place


_HEADLINE_ORGAN = lazy_compile(ORGAN_WORDS)
_SETS_UP = lazy_compile(r"成立|组建|设立")
_BODY_END = lazy_compile(r"(?:组|会|室|办|指挥部|专班)$")
_HEADLINE_SUBJECT_CHARS = 3000


def headline_subject(headline: str | None, text: str) -> str | None:
    """The organ a report's headline is about, when the report says it set a body up:
    "汤原供电公司：高考保电…" or "人民渠一处积极开展…" over a body where that organ (or
    town) is named before a 成立/组建/设立. Longest name first (四平市中心人民医院, not 四平市中心)."""
    if not headline:
        return None
    body = text[:_HEADLINE_SUBJECT_CHARS]
    start = body.find(headline)
    if start != -1:
        body = body[start + len(headline) :]
    sets_up = _SETS_UP.search(body)
    if sets_up is None:
        return None
    before = body[: sets_up.start()]
    colon = re.match(r"([\u4e00-\u9fff]{2,16})[：:]", headline)
    if colon:
        name = colon.group(1)
        organ = _ORGAN_END.search(name) is not None or leading_region(name) == name
        candidates = [name] if organ else []
    else:
        ends = [m.end() for m in _HEADLINE_ORGAN.finditer(headline[:16])]
        candidates = [headline[:end] for end in reversed(ends) if end >= 4]
    for name in candidates:
        if _BODY_END.search(name) or _GENERIC.search(name):
            continue  # the body itself ("…领导小组第二次会议召开"), not its maker
        if name in before:
            return name
    return None


# "2021年11月29日上午，区供销社党组书记韩成明主持召开主任办公会议…会议决定…对…领导小组进行调整"
_MEETING = lazy_compile(
    r"(?:^|[，。,；\n ])(?P<day>(?:(?:19|20)\d{2}年)?\d{1,2}月\d{1,2}日)?(?:上午|下午|晚)?[，,]?\s*"
    r"(?P<organ>(?:中共)?[\u4e00-\u9fff]{1,12}?" + ORGAN_WORDS[:-1] + r"|社))"
    r"(?:在[\u4e00-\u9fff\d]{1,20}?)?(?:[\u4e00-\u9fff、]{0,16}?主持)?召开(?!的)"
)
_DECIDED = lazy_compile(r"(?:研究)?(?:决定|确定)[^。]{0,40}?(?:成立|设立|组建|调整|充实)")
_DECISION_CHARS = 300
_MEETING_BODY = lazy_compile(r"(?:小组|指挥部|专班|联席会议|筹备组)$")


def meeting_decision(text: str) -> tuple[str | None, date | None]:
    """The organ whose meeting decided to set up or adjust a body, and the meeting's day
    when written with its year: "市委召开全面深化改革领导小组第一次会议，研究确定设立…"."""
    head = text[:_SEARCH_CHARS]
    for m in _MEETING.finditer(head):
        if not _DECIDED.search(head, m.end(), m.end() + _DECISION_CHARS):
            continue
        organ = m.group("organ")
        if _GENERIC.search(organ) or _MEETING_BODY.search(organ):
            continue  # 我院召开 / 领导小组召开: no organ named, or the body itself meeting
        day = find_dates(m.group("day") or "")
        return organ, (day[0].value if day and "年" in (m.group("day") or "") else None)
    return None, None
