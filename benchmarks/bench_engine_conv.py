"""Benchmark the engine's Conv2d and attention against torch: python benchmarks/bench_engine_conv.py.

Forward + backward, ratios against native torch measured in the same run (not a test: prints numbers):
- Conv2d(64, 64, 3, stride=1, padding=1) on x (32, 64, 32, 32), float32 and float64: the engine on
  NumPy arrays and on torch tensors vs torch.nn.Conv2d (torch uses oneDNN for float32 on the CPU).
  Goals: engine on NumPy <= 2.5x torch CPU, engine on torch tensors <= 1.5x native torch.
- scaled dot-product attention, q, k, v (8, 8, 256, 64) (batch 8, 8 heads, T = 256, d = 64), float32:
  the engine vs torch.nn.functional.scaled_dot_product_attention. Goal <= 1.3x torch CPU.
- with --device cuda (and a GPU): the engine's torch path vs native torch on the GPU. Goal <= 1.2x.

The engine's NumPy path splits stacks of small products (attention's heads, conv's samples) across
--threads Python threads, each with a single-threaded BLAS, when threadpoolctl is installed (printed).
Each contender runs in its own worker process and they take turns (see bench_engine.compare); the
thread count (--threads, default 2) is the same for NumPy's BLAS and torch. The load average is printed
with the numbers: on a shared machine they move with it.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_engine  # the worker pool (turn-taking processes, medians) lives there

CONV = {"N": 32, "C": 64, "HW": 32, "K": 3}
ATTENTION = (8, 8, 256, 64)  # batch, heads, T, d
GOALS = {"conv-numpy": 2.5, "conv-torch": 1.5, "attention": 1.3, "cuda": 1.2}


def conv_step(name: str, dtype: str, device: str) -> Callable[[], None]:
    import numpy as np

    rng = np.random.default_rng(0)
    x_np = rng.normal(size=(CONV["N"], CONV["C"], CONV["HW"], CONV["HW"])).astype(dtype)
    g_np = rng.normal(size=x_np.shape).astype(dtype)  # padding 1, stride 1: y has x's shape
    if name == "engine-numpy":
        from quizprep.engine import Conv2d

        layer = Conv2d(CONV["C"], CONV["C"], CONV["K"], padding=1, rng=0).to(dtype=dtype)

        def engine_numpy() -> None:
            layer(x_np)
            layer.backward(g_np)

        return engine_numpy
    import torch

    x, g = torch.tensor(x_np, device=device), torch.tensor(g_np, device=device)
    if name == "engine-torch":
        from quizprep.engine import Conv2d

        layer = Conv2d(CONV["C"], CONV["C"], CONV["K"], padding=1, rng=0).to("torch" if device == "cpu" else device, dtype=dtype)

        def engine_torch() -> None:
            layer(x)
            layer.backward(g)

        return engine_torch
    conv = torch.nn.Conv2d(CONV["C"], CONV["C"], CONV["K"], padding=1).to(device, getattr(torch, dtype))
    x.requires_grad_(True)

    def native() -> None:  # x needs its gradient too, as the engine computes dx
        conv(x).backward(g)

    return native


def attention_step(name: str, dtype: str, device: str) -> Callable[[], None]:
    import numpy as np

    rng = np.random.default_rng(0)
    q_np, k_np, v_np, g_np = (rng.normal(size=ATTENTION).astype(dtype) for _ in range(4))
    if name == "engine-numpy":
        from quizprep.engine import ScaledDotProductAttention

        layer = ScaledDotProductAttention()

        def engine_numpy() -> None:
            layer(q_np, k_np, v_np)
            layer.backward(g_np)

        return engine_numpy
    import torch

    q, k, v, g = (torch.tensor(a, device=device) for a in (q_np, k_np, v_np, g_np))
    if name == "engine-torch":
        from quizprep.engine import ScaledDotProductAttention

        layer = ScaledDotProductAttention()

        def engine_torch() -> None:
            layer(q, k, v)
            layer.backward(g)

        return engine_torch
    for t in (q, k, v):
        t.requires_grad_(True)

    def native() -> None:
        torch.nn.functional.scaled_dot_product_attention(q, k, v).backward(g)

    return native


def build(spec: str) -> tuple[Callable[[], None], Callable[[], None]]:
    """spec = "<conv|attention>:<engine-numpy|engine-torch|torch>:<dtype>:<cpu|cuda>"."""
    kind, name, dtype, device = spec.split(":")
    sync: Callable[[], None] = lambda: None
    if name != "engine-numpy":
        import torch

        torch.set_num_threads(int(os.environ["BENCH_THREADS"]))
        if device == "cuda":
            sync = torch.cuda.synchronize
    step = (conv_step if kind == "conv" else attention_step)(name, dtype, device)
    return step, sync


def run(kind: str, dtype: str, device: str, args: argparse.Namespace) -> dict[str, float]:
    title = (f"Conv2d({CONV['C']}, {CONV['C']}, {CONV['K']}, padding=1), x ({CONV['N']}, {CONV['C']}, "
             f"{CONV['HW']}, {CONV['HW']})" if kind == "conv" else f"attention, q/k/v {ATTENTION}")
    names = {"torch (native)": f"{kind}:torch:{dtype}:{device}",
             "engine, torch tensors": f"{kind}:engine-torch:{dtype}:{device}"}
    if device == "cpu":
        names["engine, numpy arrays"] = f"{kind}:engine-numpy:{dtype}:{device}"
    medians = bench_engine.compare(names, args.threads, args.rounds, args.steps, args.pause, script=__file__)
    bench_engine.report(f"{title}, {dtype}, {device}, forward + backward (x torch)", medians, "torch (native)")
    return {label: seconds / medians["torch (native)"] for label, seconds in medians.items()}


def verdict(label: str, ratio: float, goal: float) -> None:
    print(f"  {label:<52} {ratio:5.2f}x   goal <= {goal}x: {'met' if ratio <= goal else 'NOT met'}")


def main() -> None:
    parser = argparse.ArgumentParser(description="quizprep.engine Conv2d and attention vs native torch")
    parser.add_argument("--threads", type=int, default=2, help="BLAS / intra-op threads for numpy and torch")
    parser.add_argument("--rounds", type=int, default=7, help="turns per contender (medians over them)")
    parser.add_argument("--steps", type=int, default=2, help="forward+backward passes per turn")
    parser.add_argument("--pause", type=float, default=0.3, help="seconds between turns")
    parser.add_argument("--device", choices=["cpu", "cuda"], default="cpu")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        bench_engine.worker(args.worker, build, warmup=2)
        return

    import torch

    if args.device == "cuda" and not torch.cuda.is_available():
        print("no CUDA device: the GPU benchmarks did not run")
        return
    load = " / ".join(f"{v:.2f}" for v in os.getloadavg())
    try:  # the engine splits NumPy's stacks of products across threads only with threadpoolctl
        import threadpoolctl  # noqa: F401

        split = "on"
    except ImportError:
        split = "off (threadpoolctl not installed)"
    print(f"engine's NumPy thread split: {split}")
    print(f"threads: {args.threads} (numpy BLAS and torch); os.cpu_count() = {os.cpu_count()}; load average "
          f"(1/5/15 min) at start: {load}; torch {torch.__version__}; {args.rounds} rounds x {args.steps} steps, "
          "medians")
    results = []
    for kind, dtype in [("conv", "float32"), ("conv", "float64"), ("attention", "float32")]:
        results.append((kind, dtype, run(kind, dtype, args.device, args)))
    print("\nsummary (ratios to native torch, same run)")
    for kind, dtype, ratios in results:
        if args.device == "cuda":
            verdict(f"{kind} {dtype}: engine on CUDA tensors", ratios["engine, torch tensors"], GOALS["cuda"])
        elif kind == "conv":
            verdict(f"conv {dtype}: engine on numpy", ratios["engine, numpy arrays"], GOALS["conv-numpy"])
            verdict(f"conv {dtype}: engine on torch tensors", ratios["engine, torch tensors"], GOALS["conv-torch"])
        else:
            verdict(f"attention {dtype}: engine on numpy", ratios["engine, numpy arrays"], GOALS["attention"])
            verdict(f"attention {dtype}: engine on torch tensors", ratios["engine, torch tensors"],
                    GOALS["attention"])
    print(f"load average (1/5/15 min) at the end: {' / '.join(f'{v:.2f}' for v in os.getloadavg())}")


if __name__ == "__main__":
    main()
