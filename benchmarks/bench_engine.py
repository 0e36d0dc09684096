"""Benchmark quizprep.engine against native torch: python benchmarks/bench_engine.py [--threads N].

One training step = forward, CrossEntropyLoss, backward, SGD(momentum=0.9).step(), zero_grad, for an
MLP 784-512-512-10 with ReLU, batch 256, float64.

- engine on numpy arrays vs torch.nn + torch.optim.SGD on CPU tensors, both with the same number of
  BLAS / intra-op threads (--threads, default: all cores);
- engine on torch CPU tensors (the same code path, dispatching to torch);
- the step's matmuls alone, numpy in the engine's layout vs torch in torch.nn's layout (the "BLAS
  floor": what no engine on top of numpy can beat);
- engine on CUDA tensors vs native torch on CUDA when a GPU is present;
- gradcheck fast mode on Linear(1000, 1000) vs full mode on Linear(20, 10).

Fair timing on a small shared machine: every contender runs in its own worker process (numpy's
OpenBLAS threads and torch's OpenMP threads spin for a while after each call, so sharing a process
or interleaving without a pause slows whoever runs next). The workers take turns, round after round,
with a short pause between turns; medians over the rounds are compared. Not a test: it prints numbers.
"""

from __future__ import annotations

import argparse
import itertools
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SIZES = (784, 512, 512, 10)
BATCH = 256


# ---------------------------------------------------------------------------------------------------
# Workers: each builds one contender and answers "run K steps" requests with seconds per step.


def engine_step(x, y, input_grad: bool = False) -> Callable[[], None]:
    """The engine's training step on whatever arrays x, y are (numpy, torch CPU or CUDA)."""
    from quizprep.engine import SGD, CrossEntropyLoss, Linear, ReLU, Sequential

    model = Sequential(Linear(784, 512, rng=0), ReLU(), Linear(512, 512, rng=1), ReLU(), Linear(512, 10, rng=2))
    if hasattr(x, "device"):
        model.to(x.device)
    # x needs no gradient (torch: x.requires_grad is False), so the first Linear skips dx
    model[0].needs_input_grad = input_grad
    loss_fn = CrossEntropyLoss()
    optimizer = SGD(model.parameters(), lr=0.01, momentum=0.9)

    def step() -> None:
        loss_fn(model(x), y)
        model.backward(loss_fn.backward())
        optimizer.step()
        optimizer.zero_grad()

    return step


def torch_step(torch, x, y) -> Callable[[], None]:
    model = torch.nn.Sequential(torch.nn.Linear(784, 512), torch.nn.ReLU(), torch.nn.Linear(512, 512),
                                torch.nn.ReLU(), torch.nn.Linear(512, 10)).double().to(x.device)
    loss_fn = torch.nn.CrossEntropyLoss()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)

    def step() -> None:
        loss = loss_fn(model(x), y)
        loss.backward()
        optimizer.step()
        optimizer.zero_grad()

    return step


def matmuls(x, ws, torch_layout: bool) -> Callable[[], None]:
    """The 8 matmuls of a step (3 forward, 3 dW, 2 dx), in the engine's or torch.nn's weight layout."""
    acts = [x]
    for w in ws:
        acts.append(acts[-1] @ (w.T if torch_layout else w))

    def run() -> None:
        for a, w in zip(acts[:-1], ws, strict=True):  # forward: x·W (engine) or x·Wᵀ (torch, W (out, in))
            a @ (w.T if torch_layout else w)
        for a, g in itertools.pairwise(acts):  # dW: xᵀ·g (engine) or gᵀ·x (torch)
            (g.T @ a) if torch_layout else (a.T @ g)
        for g, w in zip(acts[2:], ws[1:], strict=True):  # dx: g·Wᵀ (engine) or g·W (torch)
            g @ (w if torch_layout else w.T)

    return run


def build(name: str) -> tuple[Callable[[], None], Callable[[], None]]:
    """Return (step, synchronize) for the contender called `name`."""
    import numpy as np

    rng = np.random.default_rng(0)
    x_np, y_np = rng.normal(size=(BATCH, 784)), rng.integers(0, 10, size=BATCH)
    if name == "engine-numpy":
        return engine_step(x_np, y_np), lambda: None
    if name == "engine-numpy-dx":
        return engine_step(x_np, y_np, input_grad=True), lambda: None
    if name == "matmuls-numpy":
        ws = [rng.normal(size=(a, b)) for a, b in itertools.pairwise(SIZES)]
        return matmuls(x_np, ws, torch_layout=False), lambda: None

    import torch

    torch.set_num_threads(int(os.environ["BENCH_THREADS"]))
    device = "cuda" if name.endswith("cuda") else "cpu"
    x, y = torch.tensor(x_np, device=device), torch.tensor(y_np, device=device)
    sync = torch.cuda.synchronize if device == "cuda" else (lambda: None)
    if name.startswith("torch-"):
        return torch_step(torch, x, y), sync
    if name.startswith("engine-"):
        return engine_step(x, y), sync
    if name == "matmuls-torch":
        ws = [torch.tensor(rng.normal(size=(b, a))) for a, b in itertools.pairwise(SIZES)]
        return matmuls(x, ws, torch_layout=True), sync
    raise ValueError(name)


def worker(name: str, builder: Callable[[str], tuple[Callable[[], None], Callable[[], None]]] = build,
           warmup: int = 3) -> None:
    """Serve "run K steps" requests (one per stdin line) for the contender `builder(name)` builds."""
    sys.path.insert(0, str(ROOT))
    step, sync = builder(name)
    for _ in range(warmup):  # warm-up: allocator, BLAS threads, lazy optimizer state
        step()
    sync()
    print("ready", flush=True)
    for line in sys.stdin:
        steps = int(line)
        start = time.perf_counter()
        for _ in range(steps):
            step()
        sync()
        print((time.perf_counter() - start) / steps, flush=True)


# ---------------------------------------------------------------------------------------------------
# The driver.


class Worker:
    def __init__(self, name: str, threads: int, script: str = __file__) -> None:
        env = dict(os.environ, BENCH_THREADS=str(threads), OPENBLAS_NUM_THREADS=str(threads),
                   OMP_NUM_THREADS=str(threads), MKL_NUM_THREADS=str(threads))
        self.name = name
        self.process = subprocess.Popen([sys.executable, script, "--worker", name], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, text=True, env=env)
        if self.process.stdout.readline().strip() != "ready":
            raise RuntimeError(f"worker {name} failed to start")

    def run(self, steps: int) -> float:
        self.process.stdin.write(f"{steps}\n")
        self.process.stdin.flush()
        return float(self.process.stdout.readline())

    def close(self) -> None:
        self.process.stdin.close()
        self.process.wait()


def compare(names: dict[str, str], threads: int, rounds: int, steps: int, pause: float,
            script: str = __file__) -> dict[str, float]:
    """Median seconds per step of each contender (label -> worker name), taking turns each round.

    `script` is the benchmark file whose `--worker NAME` mode builds the contenders (this one by default).
    """
    workers = {label: Worker(name, threads, script) for label, name in names.items()}
    times: dict[str, list[float]] = {label: [] for label in names}
    try:
        for _ in range(rounds):
            for label, w in workers.items():
                time.sleep(pause)  # let the previous worker's spinning BLAS/OpenMP threads go to sleep
                times[label].append(w.run(steps))
    finally:
        for w in workers.values():
            w.close()
    return {label: statistics.median(values) for label, values in times.items()}


def report(title: str, medians: dict[str, float], baseline: str) -> None:
    print(f"\n{title}")
    for label, seconds in medians.items():
        print(f"  {label:<46} {seconds * 1e3:8.2f} ms   {seconds / medians[baseline]:5.2f}x")


def bench_gradcheck() -> None:
    sys.path.insert(0, str(ROOT))
    import numpy as np

    from quizprep.engine import Linear, gradcheck

    rng = np.random.default_rng(0)
    print("\ngradcheck (float64, numpy; fast = one random direction per tensor)")
    cases = [("fast, Linear(1000, 1000), x (16, 1000)", Linear(1000, 1000, rng=0), (16, 1000), True),
             ("fast, Linear(20, 10), x (4, 20)", Linear(20, 10, rng=0), (4, 20), True),
             ("full, Linear(20, 10), x (4, 20)", Linear(20, 10, rng=0), (4, 20), False)]
    for name, layer, shape, fast in cases:
        x = rng.normal(size=shape)
        params = sum(int(np.prod(p.shape)) for p in layer.parameters())
        seconds = []
        for _ in range(3):
            start = time.perf_counter()
            result = gradcheck(layer, x, fast=fast)
            seconds.append(time.perf_counter() - start)
        print(f"  {name:<40} {params:>9,} params {result.evaluations:>5} forward passes "
              f"{statistics.median(seconds) * 1e3:8.1f} ms  {'ok' if result else 'FAILED'}")


def main() -> None:
    parser = argparse.ArgumentParser(description="quizprep.engine vs native torch")
    parser.add_argument("--threads", type=int, default=os.cpu_count() or 1,
                        help="BLAS / intra-op threads for numpy and torch alike (default: all cores)")
    parser.add_argument("--rounds", type=int, default=15, help="turns per contender (medians over them)")
    parser.add_argument("--steps", type=int, default=5, help="training steps per turn")
    parser.add_argument("--pause", type=float, default=0.3, help="seconds between turns")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.worker)
        return

    import torch

    print(f"threads: {args.threads} for numpy's BLAS and torch (os.cpu_count() = {os.cpu_count()}); "
          f"torch {torch.__version__}; {args.rounds} rounds x {args.steps} steps, medians")
    step_names = {"torch.nn + torch.optim, CPU tensors": "torch-cpu",
                  "engine, numpy arrays": "engine-numpy",
                  "engine, numpy, first layer also computes dx": "engine-numpy-dx",
                  "engine, torch CPU tensors": "engine-torch-cpu"}
    medians = compare(step_names, args.threads, args.rounds, args.steps, args.pause)
    report(f"training step, MLP {'-'.join(map(str, SIZES))}, batch {BATCH}, float64 (x torch.nn)", medians,
           "torch.nn + torch.optim, CPU tensors")
    floor = compare({"numpy, engine layout": "matmuls-numpy", "torch, torch.nn layout": "matmuls-torch"},
                    args.threads, args.rounds, args.steps, args.pause)
    report("the step's 8 matmuls alone (x torch)", floor, "torch, torch.nn layout")
    step_ratio = medians["engine, numpy arrays"] / medians["torch.nn + torch.optim, CPU tensors"]
    blas_ratio = floor["numpy, engine layout"] / floor["torch, torch.nn layout"]
    print(f"\n  engine/numpy vs torch: {step_ratio:.2f}x (matmuls alone: {blas_ratio:.2f}x)")

    if torch.cuda.is_available():
        medians = compare({"torch.nn + torch.optim, CUDA": "torch-cuda", "engine, CUDA tensors": "engine-cuda"},
                          args.threads, args.rounds, 20, args.pause)
        report(f"training step on CUDA ({torch.cuda.get_device_name()})", medians, "torch.nn + torch.optim, CUDA")
    else:
        print("\ntraining step on CUDA: skipped: no GPU")

    bench_gradcheck()


if __name__ == "__main__":
    main()
