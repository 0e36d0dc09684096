"""Latency of the symbolic checker, and `quizprep answer` against `python -c 'import sympy'`.

Run: python benchmarks/bench_checker.py [--rounds N] [--cli-runs N]

1. Every symbolic and derivation question of the bank, its reference answer and each listed mistake,
   graded through `quizprep.checking.dispatch.check` (the time box and its warm worker included) after
   one warm-up pass; prints p50/p99/max latency (goal: p50 ≤ 50 ms, p99 ≤ 300 ms).
2. Wall time of `quizprep answer sigmoid-derivative '…'` and of `python -c 'import sympy'`, runs
   interleaved so that machine noise hits both alike; prints the medians and their ratio (goal ≤ 1.3×),
   and the ratio of the fastest runs (less sensitive to a busy machine). Both commands run with
   bytecode caching on (in a temporary PYTHONPYCACHEPREFIX), as an installed package would: without it
   every run recompiles quizprep's modules while SymPy's come precompiled.
Not a test: it prints numbers.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time


def checker_latencies(rounds: int) -> tuple[list[float], dict[str, int]]:
    """Seconds per check over all references and mistakes, `rounds` times, after a warm-up pass."""
    from quizprep.bank.instance import instantiate
    from quizprep.bank.loader import load_bank
    from quizprep.checking.dispatch import answer_as_text, check

    cases = []
    for question in load_bank(include_env=False):
        if question.kind not in ("symbolic", "derivation"):
            continue
        instance = instantiate(question)
        cases.append((instance, answer_as_text(question, instance.answer), "correct"))
        cases += [(instance, answer_as_text(question, m.answer), "wrong") for m in question.mistakes]
    statuses: dict[str, int] = {}
    for instance, text, _ in cases:  # warm-up: SymPy's caches, the worker process
        check(instance, text)
    latencies = []
    for _ in range(rounds):
        for instance, text, expected in cases:
            started = time.perf_counter()
            verdict = check(instance, text)
            latencies.append(time.perf_counter() - started)
            key = "as expected" if verdict.status == expected else f"unexpected {verdict.status}"
            statuses[key] = statuses.get(key, 0) + 1
    return latencies, statuses


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def wall_time(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=False)
    return time.perf_counter() - started


def cli_times(runs: int) -> tuple[list[float], list[float], list[float]]:
    """Wall times of `quizprep answer` (a symbolic and a choice question) and of `python -c 'import sympy'`,
    interleaved."""
    with tempfile.TemporaryDirectory() as home, tempfile.TemporaryDirectory() as bytecode:
        env = {**os.environ, "QUIZPREP_HOME": home, "PYTHONPYCACHEPREFIX": bytecode}
        env.pop("QUIZPREP_BANK", None)
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        answer = [sys.executable, "-m", "quizprep", "answer", "sigmoid-derivative", "sigmoid(x)*(1 - sigmoid(x))"]
        choice = [sys.executable, "-m", "quizprep", "answer", "sigmoid-not-zero-centred", "2"]
        sympy_only = [sys.executable, "-c", "import sympy"]
        for command in (answer, choice, sympy_only):  # warm the file cache, write the bytecode
            wall_time(command, env)
        answers, choices, imports = [], [], []
        for _ in range(runs):
            answers.append(wall_time(answer, env))
            choices.append(wall_time(choice, env))
            imports.append(wall_time(sympy_only, env))
    return answers, choices, imports


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3, help="passes over the bank's answers (default 3)")
    parser.add_argument("--cli-runs", type=int, default=9, help="runs of each command (default 9)")
    args = parser.parse_args()

    latencies, statuses = checker_latencies(args.rounds)
    ms = [1000 * t for t in latencies]
    print(f"checker: {len(ms)} checks ({', '.join(f'{n} {k}' for k, n in sorted(statuses.items()))})")
    print(f"  p50 {percentile(ms, 50):7.1f} ms   (goal ≤ 50 ms)")
    print(f"  p99 {percentile(ms, 99):7.1f} ms   (goal ≤ 300 ms)")
    print(f"  max {max(ms):7.1f} ms")

    answers, choices, imports = cli_times(args.cli_runs)
    answer, choice, sympy_only = (statistics.median(t) for t in (answers, choices, imports))
    print(f"quizprep answer sigmoid-derivative: {answer:6.3f} s (median of {args.cli_runs}; "
          f"fastest {min(answers):.3f} s)")
    print(f"python -c 'import sympy':           {sympy_only:6.3f} s (fastest {min(imports):.3f} s)")
    print(f"  ratio {answer / sympy_only:.2f}×   (goal ≤ 1.3×; fastest runs: {min(answers) / min(imports):.2f}×)")
    print(f"for scale, a choice question (no SymPy at all): {choice:6.3f} s = {choice / sympy_only:.2f}× "
          f"(fastest {min(choices) / min(imports):.2f}×)")


if __name__ == "__main__":
    main()
