"""`monitor parse` as a user runs it: JSON, JSON Lines, stdin, readable summary, bad files."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from monitor.cli import main
from tests.conftest import DATA, run_cli

PAGES = DATA / "pages"
PAGE = PAGES / "qinghai_utf8.html"
EXPECTED = {
    "title": "青海省人民政府办公厅关于成立省政府推进政府职能转变和“放管服”改革协调小组的通知",
    "issuer": "青海省人民政府办公厅",
    "doc_number": "青政办〔2019〕10号",
    "date": "2019-02-14",
    "region": "青海省",
}


def _meta(record: dict) -> dict:
    return {k: record[k] for k in EXPECTED}


def test_one_file_prints_one_json_object() -> None:
    result = run_cli("parse", "--json", str(PAGE))
    assert result.returncode == 0, result.stderr
    record = json.loads(result.stdout)
    assert _meta(record) == EXPECTED
    assert record["published"] == "2019-02-20"
    assert {"events", "groups", "changes"} <= record.keys() and "file" not in record


def test_several_files_print_json_lines_in_order_and_stdin_reads() -> None:
    gbk = PAGES / "qinghai_gbk_nometa.html"
    text = PAGES / "qinghai_plain.txt"
    result = run_cli("parse", "--json", str(text), "-", str(gbk), input=PAGE.read_bytes())
    assert result.returncode == 0, result.stderr
    lines = result.stdout.decode().splitlines()
    records = [json.loads(line) for line in lines]
    assert [r["file"] for r in records] == [str(text), "-", str(gbk)]
    assert all(_meta(r) == EXPECTED for r in records)


def _docx_bytes() -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph("关于成立某某领导小组的通知")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


BAD_FILES = {
    "empty.html": (b"", "empty file"),
    "junk.bin": (bytes(range(256)) * 40, "binary data, not a notice"),
    "notice.pdf": (
        b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n",
        "a PDF file, not a notice page",
    ),
    "notice.doc": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(2000), "Word/Office (OLE"),
    "notice.docx": (_docx_bytes(), "(.docx/.xlsx) file, not a notice page"),
    "scan.png": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01", "a PNG image, not a notice page"),
    "mojibake.html": (b"<p>" + b"\xfe\xfd\xfc" * 3000 + b"</p>", "unreadable encoding"),
}


def test_bad_files_give_one_line_each_and_good_files_still_print(tmp_path: Path) -> None:
    paths = []
    for name, (data, _) in BAD_FILES.items():
        (tmp_path / name).write_bytes(data)
        paths.append(str(tmp_path / name))
    huge = tmp_path / "huge.html"
    with huge.open("wb") as handle:  # 50 MB, sparse: the size alone must refuse it
        handle.truncate(50 * 1024 * 1024)
    missing = tmp_path / "missing.html"
    folder = tmp_path / "folder"
    folder.mkdir()
    args = [str(PAGE), *paths, str(huge), str(missing), str(folder), str(PAGES / "qinghai_plain.txt")]
    result = run_cli("parse", "--json", *args)
    stderr = result.stderr.decode()
    assert result.returncode == 2
    assert "Traceback" not in stderr
    errors = stderr.splitlines()
    assert len(errors) == len(BAD_FILES) + 3
    for line, (name, (_, message)) in zip(errors, BAD_FILES.items(), strict=False):
        assert line.startswith(f"error: {tmp_path / name}: ") and message in line, line
    assert errors[-3] == f"error: {huge}: too large: 50.0 MB (limit 10 MB)"
    assert errors[-2].startswith(f"error: {missing}: cannot read")
    assert errors[-1] == f"error: {folder}: is a directory, not a notice"
    good = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert [r["file"] for r in good] == [str(PAGE), str(PAGES / "qinghai_plain.txt")]


def test_oversize_stdin_is_refused() -> None:
    result = run_cli("parse", "-", input=b"<p>a</p>" * (1_400_000))
    assert result.returncode == 2
    assert result.stderr.decode().strip() == "error: <stdin>: too large: over 10 MB on standard input"


def test_readable_summary() -> None:
    result = run_cli("parse", str(PAGES / "chongqing_zoom_gb2312.html"))
    assert result.returncode == 0, result.stderr
    out = result.stdout.decode()
    assert (
        "Title:      重庆市人民政府办公厅关于调整重庆市人民政府推进政府职能转变和“放管服”改革协调小组的通知"
        in out
    )
    assert "Doc number: 渝府办发〔2020〕5号" in out
    assert "Date:       2020-01-11 (published 2020-01-19)" in out
    assert "Issuer:     重庆市人民政府办公厅" in out
    assert "Region:     重庆市" in out


def test_every_command_has_help_text() -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["--help"])
    assert result.exit_code == 0 and "Usage" in result.output
    for name, command in main.commands.items():
        assert (command.help or "").strip(), f"{name} has no help text"
        sub = runner.invoke(main, [name, "--help"])
        assert sub.exit_code == 0 and name in sub.output


def test_parse_help_from_the_shell() -> None:
    result = run_cli("parse", "--help")
    assert result.returncode == 0
    out = result.stdout.decode()
    assert "--json" in out and "--explain" in out and "standard input" in out


@pytest.mark.parametrize("args", [["parse"], ["parse", "--no-such-option", "x"]])
def test_usage_errors_exit_2(args: list[str]) -> None:
    result = run_cli(*args)
    assert result.returncode == 2 and "Traceback" not in result.stderr.decode()


def test_zip_archive_that_is_not_office(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notice.txt", "关于成立某某领导小组的通知")
    path = tmp_path / "files.zip"
    path.write_bytes(buffer.getvalue())
    result = run_cli("parse", str(path))
    assert result.returncode == 2
    assert result.stderr.decode().strip() == f"error: {path}: a ZIP archive, not a notice page"


def test_explain_gives_each_member_its_source_sentence() -> None:
    result = run_cli("parse", "--json", "--explain", str(PAGE))
    assert result.returncode == 0, result.stderr
    members = [m for g in json.loads(result.stdout)["groups"] for m in g["members"]]
    assert members, "the page names members"
    for member in members:
        holder = member["person"] or member["unit"]
        assert holder in member["source"].replace(" ", "")
    plain = json.loads(run_cli("parse", "--json", str(PAGE)).stdout)
    assert all("source" not in m for g in plain["groups"] for m in g["members"])


def test_summary_lists_groups_with_their_members_and_explain_column() -> None:
    result = run_cli("parse", "--explain", str(PAGE))
    assert result.returncode == 0, result.stderr
    out = result.stdout.decode()
    assert "Events:     rename 省政府推进政府职能转变和“放管服”改革协调小组" in out
    header = next(line for line in out.splitlines() if line.startswith("role"))
    assert header.split() == ["role", "person", "title", "unit", "source"]
    row = next(line for line in out.splitlines() if line.startswith("组长") and "王予波" in line)
    assert "省政府常务副省长王予波任协调小组组长" in row


def test_summary_of_several_files_names_each() -> None:
    zoom = PAGES / "chongqing_zoom_gb2312.html"
    result = run_cli("parse", str(PAGE), str(zoom))
    assert result.returncode == 0, result.stderr
    out = result.stdout.decode()
    assert out.index(f"== {PAGE}") < out.index("Doc number: 青政办〔2019〕10号") < out.index(f"== {zoom}")
    assert out.index(f"== {zoom}") < out.index("Doc number: 渝府办发〔2020〕5号")
