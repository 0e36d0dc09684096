"""`quizprep --help` against the --help of a minimal two-command Typer app, measured in the same run.

Run: python benchmarks/bench_startup.py [--runs N]
Prints the median wall times and their ratio (goal: ≤ 1.3×). Runs are interleaved so that machine noise
hits both sides alike.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

MINIMAL_APP = '''
import typer

app = typer.Typer()


@app.command()
def hello(name: str) -> None:
    """Say hello."""
    print(f"hello {name}")


@app.command()
def bye(name: str) -> None:
    """Say bye."""
    print(f"bye {name}")


app()
'''


def wall_time(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        minimal = Path(tmp) / "minimal_app.py"
        minimal.write_text(MINIMAL_APP)
        commands = {
            "minimal Typer app --help": [sys.executable, str(minimal), "--help"],
            "quizprep --help": [sys.executable, "-m", "quizprep", "--help"],
        }
        for command in commands.values():  # warm the file cache
            wall_time(command)
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.runs):
            for name, command in commands.items():
                times[name].append(wall_time(command))
    medians = {name: statistics.median(values) for name, values in times.items()}
    for name, median in medians.items():
        print(f"{name:28s} median {median * 1000:7.1f} ms  (min {min(times[name]) * 1000:.1f} ms)")
    ratio = medians["quizprep --help"] / medians["minimal Typer app --help"]
    print(f"ratio quizprep/minimal: {ratio:.2f}x (goal <= 1.30x)")


if __name__ == "__main__":
    main()
