"""A fixture portal served from files on 127.0.0.1 (real HTTP, tests/servers.HTTPServer):
scripted routes first, then files under a root folder, with ETags for conditional GET.
Files whose folder is named `gbk` are sent as text/html with no charset, like old portals."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path
from urllib.parse import unquote

from tests.conftest import DATA
from tests.scrape.docs import make_docx, make_pdf
from tests.servers import HTTPServer, Reply, Request

SITE = DATA / "sites" / "portal"
TYPES = {
    ".html": "text/html; charset=utf-8",
    ".shtml": "text/html; charset=utf-8",
    ".htm": "text/html",
    ".txt": "text/plain",
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".json": "application/json",
}

WORK_TEAM = [
    ("组长", "周德安", "副市长"),
    ("副组长", "何建平", "市发展改革委主任"),
    ("成员", "王强", "市商务局局长"),
]
FIRE = ["安平市森林防灭火指挥部组成人员名单", "指挥长：周德安　副市长", "副指挥长：何建平　市林业局局长"]


def build_portal(target: Path) -> Path:
    """Copy the committed portal to `target` and add its generated attachments."""
    shutil.copytree(SITE, target)
    (target / "zfwj/202402/P020240220385012345678.docx").write_bytes(
        make_docx("安平市优化营商环境工作专班成员名单", WORK_TEAM, [("市商务局", "0838-1234567")])
    )
    (target / "xxgk/202402/P020240201777000111222.pdf").write_bytes(make_pdf(FIRE))
    return target


class SiteServer(HTTPServer):
    def __init__(self, root: Path, host: str = "127.0.0.1", etags: bool = True) -> None:
        super().__init__(host)
        self.root = root.resolve()
        self.etags = etags

    def _reply(self, request: Request) -> Reply:
        path = request.path.split("?")[0]
        if request.path in self.routes or path in self.routes:
            return super()._reply(request)
        with self._lock:
            self.requests.append(request)
        file = (self.root / unquote(path).lstrip("/")).resolve()
        if file.is_dir():
            file = file / "index.html"
        if not file.is_file() or self.root not in file.parents:
            return Reply(404, b"<html><body>404 Not Found</body></html>", {"Content-Type": "text/html"})
        data = file.read_bytes()
        kind = "text/html" if file.parent.name == "gbk" or "gbk" in file.parts else TYPES.get(file.suffix)
        headers = {"Content-Type": kind or "application/octet-stream"}
        if self.etags:
            etag = '"' + hashlib.md5(data).hexdigest() + '"'
            headers["ETag"] = etag
            if request.headers.get("If-None-Match") == etag:
                return Reply(304, b"", headers)
        return Reply(200, data, headers)

    def paths(self) -> list[str]:
        return [r.path for r in self.requests]
