"""`monitor serve` and `monitor run --serve` as a user starts them: a real process, a real
port, stopped by a signal."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from sqlalchemy.engine import Engine

from tests.conftest import ROOT, run_cli


def _start(*args: str, cwd: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("MONITOR_CONFIG", None)
    return subprocess.Popen(
        [sys.executable, "-m", "monitor", *args],
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
        env=env,
        cwd=cwd,
    )


def _wait_for_url(process: subprocess.Popen[str], marker: str) -> str:
    assert process.stderr is not None
    seen = []
    for line in process.stderr:  # blocks until the process says where it listens (or exits)
        seen.append(line)
        if marker in line:
            found = re.search(r"http://127\.0\.0\.1:\d+/", line)
            assert found, line
            return found.group(0)
    raise AssertionError(f"the process ended without serving: {''.join(seen)}")


def _stop(process: subprocess.Popen[str], sig: int) -> int:
    process.send_signal(sig)
    try:
        process.communicate(timeout=60)  # reads what is left, so a full pipe never blocks it
        return process.returncode
    finally:
        if process.poll() is None:
            process.kill()


def test_serve_answers_and_stops_on_ctrl_c(store: Engine, tmp_path: Path) -> None:
    process = _start("--db", str(store.url), "serve", "--port", "0", "--workers", "1", cwd=tmp_path)
    try:
        url = _wait_for_url(process, "monitor web view:")
        groups = httpx.get(url + "api/groups", timeout=60).json()
        assert groups[0]["id"] == 1
    finally:
        code = _stop(process, signal.SIGINT)
    assert code == 0


def test_serve_with_several_workers(store: Engine, tmp_path: Path) -> None:
    process = _start("--db", str(store.url), "serve", "--port", "0", "--workers", "2", cwd=tmp_path)
    try:
        url = _wait_for_url(process, "monitor web view:")
        with httpx.Client(base_url=url, timeout=60) as client:
            assert [client.get("/api/groups/1").json()["id"] for _ in range(4)] == [1] * 4
    finally:
        code = _stop(process, signal.SIGINT)
    assert code == 0


def test_run_serve_serves_beside_the_daemon(store: Engine, tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text(f'[store]\nurl = "{store.url}"\n\n[web]\nport = 0\n', encoding="utf-8")
    process = _start("--config", str(config), "run", "--serve", cwd=tmp_path)
    try:
        url = _wait_for_url(process, "web view at")
        assert httpx.get(url + "api/status", timeout=60).json()["sources"] == []
        assert "最新变更" in httpx.get(url, timeout=60).text
    finally:
        code = _stop(process, signal.SIGTERM)
    assert code == 0


def test_serve_elsewhere_without_token_is_refused(store: Engine, tmp_path: Path) -> None:
    result = run_cli("--db", str(store.url), "serve", "--host", "0.0.0.0", "--port", "0", cwd=tmp_path)
    assert result.returncode == 2
    err = result.stderr.decode()
    assert len(err.strip().splitlines()) == 1 and "token" in err and "--public" in err
    assert "Traceback" not in err


def test_serve_on_a_taken_port_is_one_line(store: Engine, tmp_path: Path) -> None:
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        result = run_cli("--db", str(store.url), "serve", "--port", str(port), cwd=tmp_path)
    assert result.returncode == 2
    err = result.stderr.decode()
    assert len(err.strip().splitlines()) == 1 and f"127.0.0.1:{port}" in err


def test_demo_serves_the_web_view_while_it_runs(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(
        [sys.executable, "-m", "monitor", "demo", "--keep-running", "--dir", str(tmp_path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env,
        cwd=tmp_path,
    )
    try:
        assert process.stdout is not None
        url = None
        for line in process.stdout:  # the demo prints where its web view is
            if line.startswith("web view"):
                url = re.search(r"http://127\.0\.0\.1:\d+/", line).group(0)  # type: ignore[union-attr]
                break
        assert url, "the demo printed no web view URL"
        status = httpx.get(url + "api/status", timeout=60).json()
        assert [s["source"] for s in status["sources"]] == ["demo-portal"]
        assert "最新变更" in httpx.get(url, timeout=60).text
    finally:
        code = _stop(process, signal.SIGINT)
    assert code == 0


def test_serve_with_a_port_out_of_range_is_a_usage_error(tmp_path: Path) -> None:
    result = run_cli("serve", "--port", "99999", cwd=tmp_path)
    assert result.returncode == 2
    err = result.stderr.decode()
    assert "Traceback" not in err and "internal error" not in err
    assert [line for line in err.splitlines() if line.startswith("Error:")] == [
        "Error: Invalid value for '--port': 99999 is not in the range 0<=x<=65535."
    ]


def test_serve_with_a_bad_log_level_is_refused_before_binding(tmp_path: Path) -> None:
    result = run_cli("serve", "--log-level", "bogus", cwd=tmp_path)
    assert result.returncode == 2
    err = result.stderr.decode()
    assert "Traceback" not in err and "monitor web view" not in err
    assert any(line.startswith("Error: Invalid value for '--log-level'") for line in err.splitlines()), err


def test_serve_asks_for_monitor_web_token_without_any_config(
    store: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MONITOR_WEB_TOKEN", "s3cret")  # README: MONITOR_WEB_TOKEN=… monitor serve
    process = _start("--db", str(store.url), "serve", "--port", "0", cwd=tmp_path)
    try:
        url = _wait_for_url(process, "monitor web view:")
        assert httpx.get(url + "api/groups", timeout=60).status_code == 401
        allowed = httpx.get(url + "api/groups", headers={"Authorization": "Bearer s3cret"}, timeout=60)
        assert allowed.status_code == 200 and allowed.json()[0]["id"] == 1
    finally:
        code = _stop(process, signal.SIGINT)
    assert code == 0


def test_the_demo_stops_its_web_view_when_the_run_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from monitor.demo import run as demo

    async def broken(*args: object) -> None:  # the run ends in an error once the view is up
        raise RuntimeError("the run broke")

    monkeypatch.setattr(demo, "_drive", broken)
    monkeypatch.setenv("MONITOR_DEMO_WEBHOOK_SECRET", "")  # the demo sets it; restored after
    monkeypatch.setattr(demo.logging, "basicConfig", lambda **kwargs: None)  # keep pytest's logging
    with pytest.raises(RuntimeError, match="the run broke"):
        demo.run_demo(workdir=str(tmp_path))
    found = re.search(r"web view\s+(http://127\.0\.0\.1:\d+/)", capsys.readouterr().out)
    assert found, "the demo printed no web view URL"
    with pytest.raises(httpx.ConnectError):
        httpx.get(found.group(1) + "api/status", timeout=60)


@pytest.mark.parametrize(("cpus", "workers"), [(None, 1), (1, 1), (2, 2), (16, 4)])
def test_one_serving_process_per_cpu_by_default(
    monkeypatch: pytest.MonkeyPatch, cpus: int | None, workers: int
) -> None:
    from monitor.web import server

    monkeypatch.setattr(server.os, "cpu_count", lambda: cpus)
    assert server.default_workers() == workers
