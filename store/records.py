"""The NoticeRecord shapes of CONTRACT §1: what the parser produces and the store ingests.

These are plain pydantic models (not SQLModel: `monitor parse` must not import SQLAlchemy). `to_json()` gives
exactly the contract's JSON; `explain=True` adds each member's source sentence.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

_Date = date  # the field named `date` below shadows the type inside the class body

EVENT_TYPES = ("establish", "adjust", "rename", "merge", "abolish")
CATEGORIES = ("专题组", "保障组", "工作组", "办公室")


class _Record(BaseModel):
    model_config = ConfigDict(populate_by_name=True)


class Member(_Record):
    role: str
    person: str | None = None
    title: str | None = None
    unit: str | None = None
    # The sentence this post was read from (for --explain); not part of the contract JSON.
    source: str | None = Field(default=None, exclude=True)


class Group(_Record):
    name: str
    alias: str | None = None
    kind: str | None = None
    parent: str | None = None
    category: str | None = None
    seat: str | None = None
    members: list[Member] = Field(default_factory=list)
    duties: str | None = None
    # True when the notice states only some members (news summary, list ending in 等,
    # page cut off): the store then adds and changes, never removes (CONTRACT §1).
    partial: bool = False


class Event(_Record):
    type: str
    group: str
    from_: list[str] = Field(default_factory=list, alias="from")


class Holder(_Record):
    person: str | None = None
    title: str | None = None
    unit: str | None = None


class Change(_Record):
    group: str
    role: str
    removed: Holder | None = None
    added: Holder | None = None
    source: str | None = Field(default=None, exclude=True)


class NoticeRecord(_Record):
    title: str | None = None
    issuer: str | None = None
    doc_number: str | None = None
    date: _Date | None = None
    region: str | None = None
    events: list[Event] = Field(default_factory=list)
    groups: list[Group] = Field(default_factory=list)
    changes: list[Change] = Field(default_factory=list)
    # Extensions beyond CONTRACT §1 (added fields only).
    published: _Date | None = None  # the page's publication date, when the page gives one

    def to_json(self, *, explain: bool = False) -> dict[str, Any]:
        """The contract JSON: `seat` only where set, `source` sentences only with explain."""
        data = self.model_dump(mode="json", by_alias=True)
        for group, model in zip(data["groups"], self.groups, strict=True):
            if group.get("seat") is None:
                group.pop("seat", None)
            if explain:
                for member, m in zip(group["members"], model.members, strict=True):
                    member["source"] = m.source
        if explain:
            for change, c in zip(data["changes"], self.changes, strict=True):
                change["source"] = c.source
        return data

    @property
    def main_group(self) -> Group | None:
        return self.groups[0] if self.groups else None
