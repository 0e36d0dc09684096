"""Time until the first quiz question is on screen, as a ratio to `python -c 'import sympy'`.

Run: python benchmarks/bench_quiz.py [--runs N] [--args "quiz --count 1 ..."]
Spawns `python -m quizprep quiz --count 1` with stdin a pipe and a fresh QUIZPREP_HOME, and stops the
clock when the line after the question panel ("commands: ...") is on stdout, i.e. the whole question
has been printed. Runs are interleaved with `import sympy` runs so machine noise hits both alike.
Prints the medians and their ratio (goal: ≤ 1.5×).
"""

from __future__ import annotations

import argparse
import os
import shlex
import statistics
import subprocess
import sys
import tempfile
import time

MARKER = "commands: hint"
GOAL = 1.5


def time_to_first_question(args: list[str], home: str) -> float:
    """Seconds from spawning quizprep until the first question is fully printed."""
    env = {**os.environ, "QUIZPREP_HOME": home, "PYTHONUNBUFFERED": "1"}
    env.pop("QUIZPREP_NOW", None)
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "quizprep", *args], stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, text=True)
    assert process.stdout is not None and process.stdin is not None
    elapsed = None
    for line in process.stdout:
        if MARKER in line:
            elapsed = time.perf_counter() - started
            break
    process.stdin.close()  # end of input: the session ends cleanly
    process.stdout.read()
    process.wait(timeout=60)
    if elapsed is None:
        raise SystemExit(f"no question appeared for `quizprep {shlex.join(args)}`")
    return elapsed


def time_import_sympy() -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import sympy"], check=True)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--args", default="quiz --count 1", help="the quizprep command line to time")
    options = parser.parse_args()
    args = shlex.split(options.args)
    quiz_times, sympy_times = [], []
    time_import_sympy()  # warm the file cache for both sides
    with tempfile.TemporaryDirectory() as tmp:
        time_to_first_question(args, tmp)
        for run in range(options.runs):
            with tempfile.TemporaryDirectory() as home:  # a fresh data dir: migrations run every time
                quiz_times.append(time_to_first_question(args, home))
            sympy_times.append(time_import_sympy())
    quiz, sympy = statistics.median(quiz_times), statistics.median(sympy_times)
    ratio = quiz / sympy
    print(f"first question on screen (quizprep {options.args}): median {quiz * 1000:.0f} ms "
          f"over {options.runs} runs")
    print(f"python -c 'import sympy':                     median {sympy * 1000:.0f} ms")
    print(f"ratio: {ratio:.2f}x (goal <= {GOAL}x) {'ok' if ratio <= GOAL else 'OVER GOAL'}")


if __name__ == "__main__":
    main()
