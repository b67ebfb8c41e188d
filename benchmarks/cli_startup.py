"""CLI startup benchmark: wall time of `monitor --help` and of `monitor parse` on a small
notice, each run in a fresh interpreter, and what the slowest imports are.

Target: both ≤ 0.3 s. The figure includes Python's own start (printed alone for reference),
so quote it with the machine's load (printed too).

    python benchmarks/cli_startup.py [--runs 7]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NOTICE = """关于调整某某市安全生产委员会组成人员的通知
各区人民政府，市政府各部门：
根据工作需要，现将市安全生产委员会组成人员调整如下：
主任：张三　市长
副主任：李四　副市长
成员：王五　市应急局局长
某某市人民政府办公室
2024年1月5日
"""


def timed(command: list[str], runs: int, env: dict[str, str]) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, env=env, cwd=ROOT, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return times


def slowest_imports(command: list[str], env: dict[str, str], top: int = 8) -> list[str]:
    done = subprocess.run([*command[:1], "-X", "importtime", *command[1:]], env=env, cwd=ROOT,
                          capture_output=True, text=True)  # fmt: skip
    rows = []
    for line in done.stderr.splitlines():
        parts = line.split("|")
        if len(parts) == 3 and parts[1].strip().isdigit():
            name = parts[2].rstrip()
            if len(name) - len(name.lstrip()) <= 3:  # modules the CLI imports itself
                rows.append((int(parts[1]), name.strip()))
    return [f"{us / 1000:7.1f} ms  {name}" for us, name in sorted(rows, reverse=True)[:top]]


def main() -> None:
    raw = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=raw)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    with tempfile.TemporaryDirectory() as folder:
        notice = Path(folder) / "notice.txt"
        notice.write_text(NOTICE, encoding="utf-8")
        commands = {
            "python -c pass": [sys.executable, "-c", "pass"],
            "monitor --help": [sys.executable, "-m", "monitor", "--help"],
            "monitor parse notice.txt": [sys.executable, "-m", "monitor", "parse", str(notice)],
        }
        load = Path("/proc/loadavg")
        print(f"load average: {' '.join(load.read_text().split()[:3]) if load.exists() else 'unknown'}")
        for name, command in commands.items():
            times = timed(command, args.runs, env)
            median, fastest = statistics.median(times), min(times)
            print(f"{name:26} median {median:.3f} s  min {fastest:.3f} s  ({args.runs} runs)")
        for name in ("monitor --help", "monitor parse notice.txt"):
            print(f"\nslowest top-level imports of {name}:")
            print("\n".join(slowest_imports(commands[name], env)))


if __name__ == "__main__":
    main()
