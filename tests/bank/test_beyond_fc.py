"""The questions beyond the fully-connected net (convolutions, attention, embeddings): every generator agrees with
torch itself — real modules for shapes and parameter counts (on the meta device, so nothing is computed),
FlopCounterMode for costs, autograd for gradients, torch.optim for Adam/AdamW — for the question's numbers and
drawn seeds; the claims the choice questions rest on are checked against torch and NumPy too.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest

from quizprep.bank.instance import instantiate
from quizprep.bank.loader import load_bank

BANK = load_bank(include_env=False)
FILES = ("convolutions.toml", "attention.toml", "embeddings.toml")
OURS = [q for q in BANK if q.file is not None and q.file.name in FILES]
SEEDS = (None, 1, 2, 3, 4, 5, 6, 7)
GIB = 2 ** 30


def instances(question_id: str) -> list[Any]:
    question = BANK.get(question_id)
    return [instantiate(question, seed) for seed in SEEDS]


def assert_close(actual: Any, expected: Any, rel: float = 1e-6, abs_: float = 1e-9) -> None:
    np.testing.assert_allclose(np.atleast_1d(np.asarray(actual, dtype=float)),
                               np.atleast_1d(np.asarray(expected, dtype=float)), rtol=rel, atol=abs_)


def n_params(module) -> int:
    return sum(p.numel() for p in module.parameters())


# --- the set as a whole ---------------------------------------------------------------------------------


def test_the_set_is_large_and_mixed() -> None:
    kinds = [q.kind for q in OURS]
    assert len(OURS) >= 40
    assert kinds.count("numeric") >= 15
    assert sum(q.kind == "self-graded" and 3 <= len(q.key_points) <= 6 for q in OURS) >= 12
    assert all("beyond-fc" in q.tags and q.source.beyond for q in OURS)
    assert not [q.id for q in OURS if {"typo-hunt", "arithmetic"} & set(q.tags)]


DEFAULT_ANSWERS: dict[str, Any] = {
    "conv-output-size-strided-dilated": [16, 22],  # ⌊(37 + 2 − 8 − 1)/2⌋ + 1, ⌊(50 + 2 − 8 − 1)/2⌋ + 1
    "conv-stem-output-size": 56,  # 224 → 112 → 56
    "conv-transposed-output-size": 32,  # 15·2 − 2 + 3 + 1
    "conv-param-count": 128 * (64 * 9 + 1),
    "conv-macs": 56 * 56 * 128 * 64 * 9 / 1e6,
    "conv-depthwise-separable-params": [128 * 256 * 9, 128 * 9 + 128 * 256],
    "conv-stacked-3x3-vs-large-kernel": [3 * 9 * 64 * 64, 49 * 64 * 64],
    "conv-bottleneck-params": [256 * 64 + 9 * 64 * 64 + 64 * 256, 2 * 9 * 256 * 256],
    "conv-flatten-vs-global-pool-head": [512 * 49 * 1000 + 1000, 512 * 1000 + 1000],
    "conv-receptive-field-strided": 14,  # 1 + 2 + 2 + 1 + 2·2 + 2·2
    "conv-receptive-field-dilated": 15,  # 1 + 2·(1 + 2 + 4)
    "conv-maxpool-overlapping-backward": [0, 0, 0, 0, 0, 12, 3, 0, 0, 0, 6, 0],  # 12 wins windows 1, 2, 4, 5
    "attn-scores-memory": 4.0,  # 8·16·4096²·2 = 2^32 bytes
    "attn-cost-vs-projections": 2.0,  # 4096/(2·1024)
    "attn-mha-param-count": 4 * 512 ** 2 + 4 * 512,
    "attn-dot-product-variance": [64, 1],
    "attn-kv-cache-memory": 4.0,  # 2·32·4·8192·8·128·2 = 2^32 bytes
    "emb-grad-rows-touched": [6, 0.02],  # distinct ids 3, 5, 17, 28, 902, 4410
    "emb-grad-repeated-indices": [2, 0, 3, 0, 1],
}


@pytest.mark.parametrize("question_id", sorted(DEFAULT_ANSWERS))
def test_default_instance_matches_the_hand_computation(question_id: str) -> None:
    assert_close(instantiate(BANK.get(question_id)).answer, DEFAULT_ANSWERS[question_id])


# --- convolutions: shapes with real torch modules ----------------------------------------------------------


def test_conv_output_size_matches_conv2d(torch) -> None:
    for instance in instances("conv-output-size-strided-dilated"):
        p = instance.params
        conv = torch.nn.Conv2d(p["c"], p["out"], p["k"], stride=p["stride"], padding=p["padding"],
                               dilation=p["dilation"], device="meta")
        out = conv(torch.empty(p["n"], p["c"], p["h"], p["w"], device="meta"))
        assert list(out.shape) == [p["n"], p["out"], *instance.answer]


def test_stem_output_size_matches_conv_and_maxpool(torch) -> None:
    for instance in instances("conv-stem-output-size"):
        p = instance.params
        stem = torch.nn.Sequential(torch.nn.Conv2d(3, 64, p["conv_k"], stride=2, padding=p["conv_p"], device="meta"),
                                   torch.nn.MaxPool2d(p["pool_k"], stride=2, padding=p["pool_p"]))
        out = stem(torch.empty(1, 3, p["size"], p["size"], device="meta"))
        assert list(out.shape[2:]) == [instance.answer, instance.answer]


def test_transposed_size_matches_conv_transpose2d(torch) -> None:
    for instance in instances("conv-transposed-output-size"):
        p = instance.params
        layer = torch.nn.ConvTranspose2d(64, 32, p["k"], stride=p["stride"], padding=p["padding"],
                                         output_padding=p["output_padding"], device="meta")
        assert layer(torch.empty(1, 64, p["h"], p["h"], device="meta")).shape[-1] == instance.answer


def test_which_layer_keeps_size_has_one_right_choice(torch) -> None:
    question = BANK.get("conv-which-layer-keeps-size")
    configs = [{"kernel_size": 5, "padding": 1}, {"kernel_size": 3, "dilation": 2, "padding": 1},
               {"kernel_size": 4, "padding": 2}, {"kernel_size": 3, "dilation": 3, "padding": 3}]
    sizes = []
    for number, config in enumerate(configs, start=1):
        for word in (str(config["kernel_size"]), str(config["padding"])):
            assert word in question.choices[number - 1].en  # the table mirrors the choices' text
        sizes.append(torch.nn.Conv2d(1, 1, **config, device="meta")(torch.empty(1, 1, 32, 32, device="meta")).shape[-1])
    assert sizes == [30, 30, 33, 32]
    assert [number for number, size in enumerate(sizes, start=1) if size == 32] == [question.answer]


# --- convolutions: parameters and cost -----------------------------------------------------------------------


def test_conv_param_count_matches_and_ignores_the_input(torch) -> None:
    for instance in instances("conv-param-count"):
        p = instance.params
        conv = torch.nn.Conv2d(p["c_in"], p["c_out"], (p["kh"], p["kw"]), device="meta")
        assert n_params(conv) == instance.answer
        conv(torch.empty(p["n"], p["c_in"], p["h"], p["h"], device="meta"))  # the input fits, any size
        assert n_params(conv) == instance.answer


def test_conv_macs_match_the_flop_counter(torch) -> None:
    from torch.utils.flop_counter import FlopCounterMode

    for instance in instances("conv-macs"):
        p = instance.params
        conv = torch.nn.Conv2d(p["c_in"], p["c_out"], p["k"], stride=p["stride"], padding=p["k"] // 2,
                               bias=False, device="meta")
        with FlopCounterMode(display=False) as counter:
            conv(torch.empty(1, p["c_in"], p["size"], p["size"], device="meta"))
        assert_close(counter.get_total_flops() / 2 / 1e6, instance.answer)  # a FLOP per multiply and per add


def test_separable_counts_match_grouped_convolutions(torch) -> None:
    for instance in instances("conv-depthwise-separable-params"):
        p = instance.params
        standard = torch.nn.Conv2d(p["c_in"], p["c_out"], p["k"], bias=False, device="meta")
        separable = torch.nn.Sequential(
            torch.nn.Conv2d(p["c_in"], p["c_in"], p["k"], groups=p["c_in"], bias=False, device="meta"),
            torch.nn.Conv2d(p["c_in"], p["c_out"], 1, bias=False, device="meta"))
        assert [n_params(standard), n_params(separable)] == instance.answer
        x = torch.empty(2, p["c_in"], 16, 16, device="meta")
        assert standard(x).shape == separable(x).shape  # a drop-in replacement


def receptive_field_by_autograd(torch, kernels, strides, dilations) -> int:
    """Span of the input positions that reach the first output of a stack of Conv1d layers with positive weights."""
    layers = []
    for kernel, stride, dilation in zip(kernels, strides, dilations, strict=True):
        conv = torch.nn.Conv1d(1, 1, kernel, stride=stride, dilation=dilation, bias=False)
        torch.nn.init.ones_(conv.weight)
        layers.append(conv)
    x = torch.ones(1, 1, 600, dtype=torch.float32, requires_grad=True)
    torch.nn.Sequential(*layers)(x)[0, 0, 0].backward()
    touched = torch.nonzero(x.grad[0, 0]).flatten()
    return int(touched.max() - touched.min() + 1)


def test_receptive_fields_match_autograd(torch) -> None:
    for question_id in ("conv-receptive-field-strided", "conv-receptive-field-dilated"):
        for instance in instances(question_id):
            p = instance.params
            assert receptive_field_by_autograd(torch, p["kernels"], p["strides"], p["dilations"]) == instance.answer


def test_stacked_3x3_counts_and_equal_receptive_field(torch) -> None:
    for instance in instances("conv-stacked-3x3-vs-large-kernel"):
        layers, c = instance.params["layers"], instance.params["c"]
        stack = torch.nn.Sequential(*[torch.nn.Conv2d(c, c, 3, bias=False, device="meta") for _ in range(layers)])
        single = torch.nn.Conv2d(c, c, 2 * layers + 1, bias=False, device="meta")
        assert [n_params(stack), n_params(single)] == instance.answer
        assert receptive_field_by_autograd(torch, [3] * layers, [1] * layers, [1] * layers) == 2 * layers + 1


def test_bottleneck_counts_match_modules(torch) -> None:
    for instance in instances("conv-bottleneck-params"):
        c, m = instance.params["c"], instance.params["mid"]
        meta = {"bias": False, "device": "meta"}
        bottleneck = torch.nn.Sequential(torch.nn.Conv2d(c, m, 1, **meta), torch.nn.Conv2d(m, m, 3, **meta),
                                         torch.nn.Conv2d(m, c, 1, **meta))
        plain = torch.nn.Sequential(torch.nn.Conv2d(c, c, 3, **meta), torch.nn.Conv2d(c, c, 3, **meta))
        assert [n_params(bottleneck), n_params(plain)] == instance.answer


def test_classifier_heads_match_linear_layers(torch) -> None:
    for instance in instances("conv-flatten-vs-global-pool-head"):
        c, s, k = instance.params["c"], instance.params["size"], instance.params["classes"]
        flatten = torch.nn.Sequential(torch.nn.Flatten(), torch.nn.Linear(c * s * s, k, device="meta"))
        pooled = torch.nn.Sequential(torch.nn.AdaptiveAvgPool2d(1), torch.nn.Flatten(),
                                     torch.nn.Linear(c, k, device="meta"))
        x = torch.empty(2, c, s, s, device="meta")
        assert flatten(x).shape == pooled(x).shape == (2, k)
        assert [n_params(flatten), n_params(pooled)] == instance.answer


def test_bn_folding_matches_torchs_fusion(torch) -> None:
    from torch.nn.utils.fusion import fuse_conv_bn_eval

    for instance in instances("conv-fold-batchnorm"):
        p = instance.params
        conv = torch.nn.Conv2d(1, 1, 1).double().eval()
        bn = torch.nn.BatchNorm2d(1, eps=1e-5).double().eval()
        with torch.no_grad():
            conv.weight.fill_(p["w"]), conv.bias.fill_(p["b"])
            bn.running_mean.fill_(p["mean"]), bn.running_var.fill_(p["var"])
            bn.weight.fill_(p["gamma"]), bn.bias.fill_(p["beta"])
        fused = fuse_conv_bn_eval(conv, bn)
        assert_close([fused.weight.item(), fused.bias.item()], instance.answer, rel=1e-9)
        x = torch.linspace(-3, 3, 7, dtype=torch.float64).reshape(1, 1, 1, 7)
        assert_close(fused(x).detach().numpy(), bn(conv(x)).detach().numpy(), rel=1e-9)


# --- convolutions: gradients -----------------------------------------------------------------------------------


def test_overlapping_maxpool_gradient_matches_autograd(torch) -> None:
    for instance in instances("conv-maxpool-overlapping-backward"):
        x = torch.tensor(instance.params["x"], dtype=torch.float64).reshape(1, 1, 3, 4).requires_grad_()
        y = torch.nn.MaxPool2d(2, stride=1)(x)
        y.backward(torch.tensor(instance.params["upstream"], dtype=torch.float64).reshape(1, 1, 2, 3))
        assert_close(x.grad.flatten().numpy(), instance.answer)


def test_conv2d_is_a_cross_correlation(torch) -> None:
    rng = np.random.default_rng(0)
    x, w = rng.normal(size=(6, 7)), rng.normal(size=(3, 3))
    correlation = np.array([[(w * x[i:i + 3, j:j + 3]).sum() for j in range(5)] for i in range(4)])
    out = torch.nn.functional.conv2d(torch.tensor(x)[None, None], torch.tensor(w)[None, None])[0, 0].numpy()
    assert_close(out, correlation)
    flipped = torch.nn.functional.conv2d(torch.tensor(x)[None, None], torch.tensor(w[::-1, ::-1].copy())[None, None])
    assert not np.allclose(flipped[0, 0].numpy(), correlation)
    assert BANK.get("conv-is-cross-correlation").answer == 1


def test_conv_backward_formulas_of_the_right_choice(torch) -> None:
    functional = torch.nn.functional
    generator = torch.Generator().manual_seed(0)
    x = torch.randn(1, 1, 7, 7, dtype=torch.float64, generator=generator, requires_grad=True)
    w = torch.randn(1, 1, 3, 3, dtype=torch.float64, generator=generator, requires_grad=True)
    upstream = torch.randn(1, 1, 5, 5, dtype=torch.float64, generator=generator)
    functional.conv2d(x, w).backward(upstream)
    assert_close(w.grad.numpy(), functional.conv2d(x.detach(), upstream).numpy())  # X ⋆ ∂L/∂Y
    padded = functional.pad(upstream, [2, 2, 2, 2])
    assert_close(x.grad.numpy(), functional.conv2d(padded, w.detach().flip(-1, -2)).numpy())  # full, rotated
    assert not np.allclose(x.grad.numpy(), functional.conv2d(padded, w.detach()).numpy())  # choice 3 is wrong
    assert BANK.get("conv-backward-formulas").answer == 1


def test_depthwise_convolution_does_not_mix_channels(torch) -> None:
    depthwise = torch.nn.Conv2d(4, 4, 3, groups=4, padding=1, bias=False).double()
    x = torch.zeros(1, 4, 5, 5, dtype=torch.float64, requires_grad=True)
    depthwise(x)[0, 2].sum().backward()
    assert torch.count_nonzero(x.grad[0, [0, 1, 3]]) == 0 and torch.count_nonzero(x.grad[0, 2]) > 0
    assert BANK.get("conv-depthwise-alone").answer == 1


# --- attention -------------------------------------------------------------------------------------------------


def test_scores_memory_matches_a_meta_tensor(torch) -> None:
    for instance in instances("attn-scores-memory"):
        p = instance.params
        dtype = {2: torch.float16, 4: torch.float32}[p["bytes"]]
        weights = torch.empty(p["batch"], p["heads"], p["t"], p["t"], dtype=dtype, device="meta")
        assert_close(weights.numel() * weights.element_size() / GIB, instance.answer)


def test_attention_to_projection_cost_matches_the_flop_counter(torch) -> None:
    from torch.utils.flop_counter import FlopCounterMode

    for instance in instances("attn-cost-vs-projections"):
        t, d, h = instance.params["t"], instance.params["d"], instance.params["heads"]
        x = torch.empty(1, t, d, device="meta")
        weights = [torch.empty(d, d, device="meta") for _ in range(4)]
        with FlopCounterMode(display=False) as projections:
            q, k, v = (x @ weight for weight in weights[:3])
        split = [tensor.reshape(1, t, h, d // h).transpose(1, 2) for tensor in (q, k, v)]
        with FlopCounterMode(display=False) as attention:
            scores = split[0] @ split[1].transpose(-1, -2) / math.sqrt(d // h)
            out = torch.softmax(scores, dim=-1) @ split[2]
        with FlopCounterMode(display=False) as output:
            out.transpose(1, 2).reshape(1, t, d) @ weights[3]
        ratio = attention.get_total_flops() / (projections.get_total_flops() + output.get_total_flops())
        assert_close(ratio, instance.answer)


def test_mha_param_count_matches_torch(torch) -> None:
    for instance in instances("attn-mha-param-count"):
        layer = torch.nn.MultiheadAttention(instance.params["d"], instance.params["heads"], device="meta")
        assert n_params(layer) == instance.answer


def test_dot_product_variance_matches_a_simulation(torch) -> None:
    generator = torch.Generator().manual_seed(7)
    for instance in instances("attn-dot-product-variance"):
        d, var = instance.params["d"], instance.params["var"]
        q = torch.randn(10000, d, dtype=torch.float64, generator=generator) * math.sqrt(var)
        k = torch.randn(10000, d, dtype=torch.float64, generator=generator) * math.sqrt(var)
        dots = (q * k).sum(dim=1)
        assert_close([dots.var().item(), (dots / math.sqrt(d)).var().item()], instance.answer, rel=0.06)


def test_saturation_weights_match_torch_softmax(torch) -> None:
    for instance in instances("attn-softmax-saturation"):
        gap, d = instance.params["gap"], instance.params["d"]
        scores = torch.tensor([[float(gap), 0.0]], dtype=torch.float64)
        expected = [torch.softmax(scores, -1)[0, 0].item(), torch.softmax(scores / math.sqrt(d), -1)[0, 0].item()]
        assert_close(instance.answer, expected, rel=1e-12)
        assert instance.answer[0] > instance.answer[1] > 0.5


def test_one_query_output_matches_sdpa(torch) -> None:
    for instance in instances("attn-one-query-output"):
        q = torch.tensor([[instance.params["q"]]], dtype=torch.float64)
        k = torch.tensor([instance.params["k"]], dtype=torch.float64)
        v = torch.tensor([instance.params["v"]], dtype=torch.float64)
        out = torch.nn.functional.scaled_dot_product_attention(q, k, v)
        assert_close(out[0, 0].numpy(), instance.answer, rel=1e-9)


def test_kv_cache_matches_meta_tensors(torch) -> None:
    for instance in instances("attn-kv-cache-memory"):
        p = instance.params
        shape = (p["batch"], p["kv_heads"], p["t"], p["head_dim"])
        cache = [(torch.empty(shape, dtype=torch.float16, device="meta"),
                  torch.empty(shape, dtype=torch.float16, device="meta")) for _ in range(p["layers"])]
        total = sum(t.numel() * t.element_size() for pair in cache for t in pair)
        assert p["bytes"] == 2 and p["heads"] % p["kv_heads"] == 0
        assert_close(total / GIB, instance.answer)


def test_noam_schedule_peak_and_decay(torch) -> None:
    """Scan the paper's formula over all steps through torch's LambdaLR: the maximum is at the warm-up's end."""
    for instance in instances("attn-noam-schedule"):
        d, warmup, step = instance.params["d"], instance.params["warmup"], instance.params["step"]
        parameter = torch.nn.Parameter(torch.zeros(1))
        optimizer = torch.optim.SGD([parameter], lr=1.0)
        scheduler = torch.optim.lr_scheduler.LambdaLR(
            optimizer, lambda e, d=d, w=warmup: d ** -0.5 * min((e + 1) ** -0.5, (e + 1) * w ** -1.5))
        rates = []
        for _ in range(warmup + 100):  # after the warm-up the formula only decreases
            rates.append(optimizer.param_groups[0]["lr"])
            optimizer.step()
            scheduler.step()
        assert int(np.argmax(rates)) + 1 == warmup  # lambda's argument e is step − 1
        assert_close(max(rates), instance.answer[0], rel=1e-12)
        assert_close(instance.answer[1], instance.answer[0] * math.sqrt(warmup / step), rel=1e-12)


def test_mask_polarity_of_sdpa_and_multihead_attention(torch) -> None:
    torch.manual_seed(0)
    t, d = 4, 8
    x = torch.randn(1, t, d)
    allowed = torch.ones(t, t, dtype=torch.bool).tril()  # True where a query may attend
    layer = torch.nn.MultiheadAttention(d, 1, batch_first=True)
    _, weights = layer(x, x, x, attn_mask=allowed, need_weights=True)
    assert torch.all(weights[0, :-1][allowed[:-1]] == 0)  # True blocks in MHA: row 0 sees only the future
    assert torch.all(weights[0, :-1][~allowed[:-1]] > 0)
    assert torch.isnan(weights[0, -1]).all()  # the last row has every key blocked
    _, fixed = layer(x, x, x, attn_mask=~allowed, need_weights=True)
    assert torch.all(fixed[0][~allowed] == 0)
    q = torch.randn(1, t, d)
    out = torch.nn.functional.scaled_dot_product_attention(q, x, x, attn_mask=allowed)
    assert torch.allclose(out[0, 0], x[0, 0])  # the first query may only see the first key in SDPA
    assert BANK.get("attn-torch-mask-polarity").answer == 1


def test_masking_before_softmax_is_the_only_exact_choice(torch) -> None:
    scores = torch.tensor([2.0, 1.0, 0.5, -1.0], dtype=torch.float64)
    keep = torch.tensor([True, True, False, False])
    masked = torch.softmax(scores.masked_fill(~keep, float("-inf")), -1)
    assert_close(masked.numpy(), torch.cat([torch.softmax(scores[:2], -1), torch.zeros(2)]).numpy())
    zero_scores = torch.softmax(scores.masked_fill(~keep, 0.0), -1)
    assert_close(zero_scores[2:].numpy(), [1 / (math.e ** 2 + math.e + 2)] * 2)  # e^0 = 1: not 'no attention'
    after = torch.softmax(scores, -1) * keep
    assert after.sum() < 0.95  # rows no longer sum to 1
    assert BANK.get("attn-where-the-mask-goes").answer == 1


def test_sdpa_normalises_over_the_keys(torch) -> None:
    torch.manual_seed(1)
    q, k, v = torch.randn(3, 4, dtype=torch.float64), torch.randn(5, 4, dtype=torch.float64), torch.eye(5, dtype=torch.float64)
    weights = torch.nn.functional.scaled_dot_product_attention(q[None], k[None], v[None])[0]  # V = I shows A
    assert_close(weights.sum(dim=-1).numpy(), np.ones(3))
    assert_close(weights.numpy(), torch.softmax(q @ k.T / 2, dim=-1).numpy())
    assert BANK.get("attn-softmax-axis").answer == 1


def test_batchnorm_and_layernorm_at_inference(torch) -> None:
    torch.manual_seed(2)
    bn = torch.nn.BatchNorm1d(3).double()
    bn(torch.randn(64, 3, dtype=torch.float64) * 2 + 1)  # one training step fills the running statistics
    bn.eval()
    x = torch.randn(1, 3, dtype=torch.float64)
    affine = (x - bn.running_mean) / torch.sqrt(bn.running_var + bn.eps) * bn.weight + bn.bias
    assert torch.allclose(bn(x), affine)
    ln = torch.nn.LayerNorm(3).double().eval()
    assert torch.allclose(ln(x), (x - x.mean()) / torch.sqrt(x.var(unbiased=False) + ln.eps))
    bn.train()
    with pytest.raises(ValueError):
        bn(x)  # train mode cannot normalise a batch of one
    assert BANK.get("attn-ln-bn-at-inference").answer == 1


# --- embeddings ------------------------------------------------------------------------------------------------


def test_embedding_rows_touched_match_autograd(torch) -> None:
    generator = torch.Generator().manual_seed(3)
    for instance in instances("emb-grad-rows-touched"):
        p = instance.params
        assert len(p["tokens"]) == 12
        table = torch.nn.Embedding(p["vocab"], p["dim"])
        out = table(torch.tensor(p["tokens"]).reshape(2, 6))
        out.backward(torch.randn(out.shape, generator=generator))
        rows = int((table.weight.grad.abs().sum(dim=1) > 0).sum())
        assert_close(instance.answer, [rows, 100 * rows / p["vocab"]])
        assert rows < len(p["tokens"]), "a drawn batch must repeat an id"


def test_embedding_gradient_with_repeats_matches_autograd(torch) -> None:
    for instance in instances("emb-grad-repeated-indices"):
        table = torch.nn.Embedding(5, 1).double()
        out = table(torch.tensor(instance.params["indices"]))
        out.backward(torch.tensor(instance.params["upstream"], dtype=torch.float64).reshape(-1, 1))
        assert_close(table.weight.grad.flatten().numpy(), instance.answer)


def test_embedding_lookup_is_a_one_hot_product(torch) -> None:
    torch.manual_seed(4)
    table = torch.nn.Embedding(6, 3).double()
    weight = table.weight.detach().clone().requires_grad_()
    index = torch.tensor([4, 1, 4])
    upstream = torch.randn(3, 3, dtype=torch.float64)
    table(index).backward(upstream)
    product = torch.nn.functional.one_hot(index, 6).double() @ weight
    product.backward(upstream)
    assert torch.allclose(product, table(index)) and torch.allclose(weight.grad, table.weight.grad)
    assert BANK.get("emb-lookup-is-one-hot-matmul").answer == 1


def test_fancy_index_add_loses_repeats() -> None:
    buggy, right = np.zeros(3), np.zeros(3)
    buggy[[0, 0, 2]] += [1.0, 1.0, 5.0]
    np.add.at(right, [0, 0, 2], [1.0, 1.0, 5.0])
    assert buggy.tolist() == [1.0, 0.0, 5.0] and right.tolist() == [2.0, 0.0, 5.0]
    assert BANK.get("emb-backward-fancy-index-bug").answer == 1


def test_adam_moves_an_absent_row_like_torch(torch) -> None:
    for instance in instances("emb-adam-absent-row-moves"):
        p = instance.params
        w = torch.nn.Parameter(torch.tensor([p["w0"]], dtype=torch.float64))
        optimizer = torch.optim.Adam([w], lr=p["lr"])
        path = []
        for gradient in (p["g"], 0.0):
            w.grad = torch.tensor([gradient], dtype=torch.float64)
            optimizer.step()
            path.append(w.item())
        assert_close(instance.answer, path, rel=1e-12)
        assert abs(path[1] - path[0]) > 0.5 * p["lr"]  # the second step is not zero


def test_adamw_decays_an_absent_row_like_torch(torch) -> None:
    """torch's AdamW on a zero gradient: every step multiplies w by the same factor; the answer is that factor
    raised to the number of steps (measured over 50 real steps, then extrapolated — thousands would be slow)."""
    for instance in instances("emb-adamw-absent-row-decay"):
        p = instance.params
        w = torch.nn.Parameter(torch.tensor([p["w0"]], dtype=torch.float64))
        optimizer = torch.optim.AdamW([w], lr=p["lr"], weight_decay=p["wd"])
        path = [p["w0"]]
        for _ in range(50):
            w.grad = torch.zeros(1, dtype=torch.float64)
            optimizer.step()
            path.append(w.item())
        ratios = np.asarray(path[1:]) / np.asarray(path[:-1])
        assert_close(ratios, np.full(50, ratios[0]), rel=1e-12)  # only the decay acts, the same every step
        assert_close(instance.answer, p["w0"] * ratios[0] ** p["steps"], rel=1e-9)
        assert instance.answer / p["w0"] > 1e3 * (1 - p["wd"]) ** p["steps"]  # not (1 − λ)^steps
