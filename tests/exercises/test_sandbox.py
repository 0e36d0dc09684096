"""The pieces under the checker: the wire format, the captured output, the channel, the optimizer simulators."""

from __future__ import annotations

import numpy as np
import pytest

from quizprep.exercises import wire
from quizprep.exercises.isolation import OUTPUT_HEAD, OUTPUT_TAIL, CapturedOutput, Sandbox, SandboxStopped
from quizprep.exercises.probes import optimizers


def test_wire_round_trip_keeps_arrays_and_structure() -> None:
    message = {"id": "x", "args": [np.arange(6.0).reshape(2, 3), 3, "s", None, {"k": np.int64(2)}]}
    frame = wire.pack(message)
    assert wire.body_length(frame[:8]) == len(frame) - 8
    back = wire.unpack(frame[8:])
    assert np.array_equal(back["args"][0], message["args"][0]) and back["args"][0].shape == (2, 3)
    assert back["args"][1:4] == [3, "s", None] and back["args"][4]["k"] == 2


def test_wire_refuses_pickles_and_garbage() -> None:
    import io
    import struct

    buffer = io.BytesIO()
    np.save(buffer, np.array([object()], dtype=object), allow_pickle=True)
    header = b'{"$array": 0}'
    body = struct.pack(">I", len(header)) + header + struct.pack(">Q", len(buffer.getvalue())) + buffer.getvalue()
    with pytest.raises(wire.WireError):
        wire.unpack(body)
    with pytest.raises(wire.WireError):
        wire.unpack(b"\x00\x00\x00\x05{oops")
    with pytest.raises(wire.WireError):
        wire.body_length(struct.pack(">Q", 1 << 40))


def test_captured_output_keeps_head_and_tail() -> None:
    output = CapturedOutput()
    for _ in range(1000):
        output.add(b"x" * 1000)
    output.add(b"THE END")
    text = output.text()
    assert output.total == 1_000_007
    assert len(text) < OUTPUT_HEAD + OUTPUT_TAIL + 100 and text.endswith("THE END") and "omitted" in text


def test_replies_out_of_turn_stop_the_sandbox() -> None:
    with Sandbox(timeout=5) as sandbox:
        sandbox.wait_ready()
        sandbox._buffer += wire.pack({"id": "forged", "ok": True, "result": "PASS"})
        with pytest.raises(SandboxStopped, match="out of turn"):
            sandbox.request("get", obj=0, attr="x")


@pytest.mark.parametrize("exercise_id", ["sgd", "adagrad", "rmsprop", "adam"])
def test_simulated_update_rules_are_the_engines(exercise_id: str) -> None:
    from quizprep.exercises.catalog import EXERCISES

    class Context:
        exercise = EXERCISES[exercise_id]

    configs = [*Context.exercise.configs, *(c for extra in Context.exercise.extras for c in extra.configs)]
    for seed, config in enumerate(configs):
        init, grads = optimizers.draw(seed)
        simulated = optimizers.simulate(exercise_id, config, init, grads)
        engine = optimizers.engine_trajectory(Context(), config, init, grads)  # type: ignore[arg-type]
        for step_sim, step_engine in zip(simulated, engine, strict=True):
            for a, b in zip(step_sim, step_engine, strict=True):
                np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-12)
        for bug in ("sign", *optimizers.BUGS[exercise_id]):
            wrong = optimizers.simulate(exercise_id, config, init, grads, bug)
            same = all(np.allclose(a, b) for a, b in zip(wrong[-1], engine[-1], strict=True))
            assert not same or bug in ("no_momentum", "dampened", "no_nesterov", "no_weight_decay", "decoupled",
                                       "no_dampening", "eps_inside")


def test_a_sandbox_started_early_is_used_only_for_the_same_settings() -> None:
    from quizprep.exercises import isolation

    isolation.start_early_for(["check", "relu", "relu.py", "--timeout", "5"])
    early = isolation._early
    assert early is not None and early.process is not None and early.timeout == 5.0
    try:
        assert isolation.sandbox_for("numpy", "cpu", 5.0) is early and isolation._early is None
        with early as sandbox:
            assert sandbox.wait_ready()["numpy"]
    finally:
        early.close()
    isolation.start_early_for(["check", "relu", "relu.py"])
    early = isolation._early
    other = isolation.sandbox_for("numpy", "cpu", 7.0)  # other settings: a new one; the early one is closed
    assert other is not early and other.process is None and early.process is None
    for argv in (["check", "--help"], ["check", "relu", "f.py", "--timeout", "x"], ["check", "--device", "cuda"]):
        isolation.start_early_for(argv)
        assert isolation._early is None, argv
