"""Every reference solution passes its own check; a few torch solutions pass with --backend torch."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import pytest

from quizprep.exercises.catalog import EXERCISES, SOLUTIONS_DIR, TORCH_SOLUTIONS_DIR
from quizprep.exercises.runner import check_file
from quizprep.exercises.templates import template_source

TORCH_SOLUTIONS = TORCH_SOLUTIONS_DIR


@pytest.mark.parametrize("exercise_id", list(EXERCISES))
def test_reference_solution_passes(exercise_id: str) -> None:
    report = check_file(exercise_id, SOLUTIONS_DIR / EXERCISES[exercise_id].file_name, timeout=10)
    failed = [row for row in report.probes if not row.ok]
    assert report.passed, f"{report.diagnosis}\n{failed}\n{report.traceback}\n{report.output}"
    assert len(report.probes) >= 5
    assert report.diagnosis is None and report.exit_code == 0


def _init_defaults(source: str, class_name: str) -> dict[str, object]:
    """The constructor's parameters (without self) and their defaults (... for none) as written in a file."""
    tree = ast.parse(source)
    cls = next(node for node in tree.body if isinstance(node, ast.ClassDef) and node.name == class_name)
    init = next((n for n in cls.body if isinstance(n, ast.FunctionDef) and n.name == "__init__"), None)
    if init is None:
        return {}
    names = [arg.arg for arg in init.args.args[1:]]
    defaults = [ast.literal_eval(d) for d in init.args.defaults]
    return dict(zip(names, [...] * (len(names) - len(defaults)) + defaults, strict=True))


@pytest.mark.parametrize("exercise_id", list(EXERCISES))
def test_solution_is_written_like_the_template(exercise_id: str) -> None:
    exercise = EXERCISES[exercise_id]
    solution = exercise.solution_source()
    template = template_source(exercise_id)
    assert _init_defaults(solution, exercise.class_name) == _init_defaults(template, exercise.class_name)
    for line in template.splitlines():
        if line.startswith(("import ", "from ")):
            assert line in solution, f"the solution lacks the template's {line!r}"


@pytest.mark.parametrize("exercise_id", list(EXERCISES))
def test_constructor_is_the_engines(exercise_id: str) -> None:
    import quizprep.engine

    exercise = EXERCISES[exercise_id]
    template = _init_defaults(template_source(exercise_id), exercise.class_name)
    engine = inspect.signature(getattr(quizprep.engine, exercise.class_name)).parameters
    for name, default in template.items():
        assert name in engine, f"{name} is not a parameter of quizprep.engine.{exercise.class_name}"
        expected = ... if engine[name].default is inspect.Parameter.empty else engine[name].default
        assert default == expected, f"{name}: default {default!r}, the engine's is {expected!r}"
    required = [n for n, p in engine.items() if p.default is p.empty and p.kind is p.POSITIONAL_OR_KEYWORD]
    assert all(name in template for name in required)


@pytest.mark.parametrize("exercise_id", ["linear", "adam", "batchnorm", "dropout", "cross-entropy", "elu"])
def test_torch_solution_passes_with_torch_backend(exercise_id: str, torch) -> None:
    # the solutions `--solution --backend torch` shows; strict: with every optional setting
    report = check_file(exercise_id, TORCH_SOLUTIONS / EXERCISES[exercise_id].file_name, backend="torch", strict=True)
    assert report.passed, f"{report.diagnosis}\n{[r for r in report.probes if not r.ok]}\n{report.traceback}"
    assert report.backend == "torch"


def test_numpy_result_for_torch_input_is_named(tmp_path: Path, torch) -> None:
    path = tmp_path / "relu.py"
    path.write_text(
        "import numpy as np\nfrom quizprep.engine import Layer\n\n\nclass ReLU(Layer):\n"
        "    def forward(self, x):\n        self.mask = x.numpy() > 0\n        return np.maximum(x.numpy(), 0)\n\n"
        "    def backward(self, grad):\n        return grad.numpy() * self.mask\n", encoding="utf-8")
    report = check_file("relu", path, backend="torch")
    assert not report.passed
    assert "returns a numpy array while the input is torch" in report.diagnosis


def test_cuda_without_a_gpu_cannot_grade(torch) -> None:
    from quizprep.errors import QuizprepError

    if torch.cuda.is_available():
        pytest.skip("this machine has a GPU")
    with pytest.raises(QuizprepError, match="CUDA is not available"):
        check_file("relu", SOLUTIONS_DIR / "relu.py", backend="torch", device="cuda")
