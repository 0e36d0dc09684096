#!/usr/bin/env bash
# One prepared GPU check for quizprep.engine: the CUDA variants of the engine tests, then the GPU
# benchmarks (Conv2d and attention, the engine's torch path vs native torch on the same GPU; goal <= 1.2x).
#
#   bash benchmarks/gpu_check.sh            # from anywhere; uses $PYTHON (default: python)
#
# Without a CUDA device (or without torch) it says so and exits 0: nothing ran.
# Exit status: that of the CUDA tests (the benchmarks only print numbers).
set -uo pipefail

cd "$(dirname "$0")/.." || exit 2
PYTHON="${PYTHON:-python}"
export PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}"
QUIZPREP_HOME="$(mktemp -d)"
export QUIZPREP_HOME
export QUIZPREP_REQUIRE_TORCH=1   # a missing torch fails the torch tests instead of skipping them
trap 'rm -rf "$QUIZPREP_HOME"' EXIT

if ! "$PYTHON" -c "import sys, torch; sys.exit(0 if torch.cuda.is_available() else 1)" >/dev/null 2>&1; then
    echo "gpu_check: no CUDA device (or torch is not installed): the CUDA tests and GPU benchmarks did not run"
    exit 0
fi

"$PYTHON" -c "import torch; print('torch', torch.__version__, '| CUDA', torch.version.cuda, '|',
torch.cuda.get_device_name())"

echo
echo "== CUDA tests: tests/engine, the variants whose id names cuda =="
"$PYTHON" -m pytest -q -p no:cacheprovider -rs tests/engine -k cuda
tests_status=$?

echo
echo "== GPU benchmarks: forward + backward, engine on CUDA tensors vs native torch (goal <= 1.2x) =="
"$PYTHON" benchmarks/bench_engine_conv.py --device cuda --rounds 15 --steps 20 \
    || echo "gpu_check: the GPU benchmark failed (status $?)"

echo
if [ "$tests_status" -eq 0 ]; then
    echo "gpu_check: CUDA tests passed"
else
    echo "gpu_check: CUDA tests FAILED (pytest status $tests_status)"
fi
exit "$tests_status"
