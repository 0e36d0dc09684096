"""The cs231n-style template (`quizprep exercise ID --style cs231n`): the functions to write, their contract
and shapes, never the algorithm (formulas come with `quizprep exercise ID --hint`)."""

from __future__ import annotations

from pathlib import Path

from quizprep.exercises.catalog import get_exercise
from quizprep.exercises.styles import style_functions

# per exercise: (what the functions compute, [(signature, docstring)])
CONTRACTS: dict[str, tuple[str, list[tuple[str, str]]]] = {
    "linear": ("the affine (fully-connected) layer out = x·w + b.", [
        ("affine_forward(x, w, b)",
         ("x: (N, d_1, ..., d_k), each example flattened to D = d_1·...·d_k values; w: (D, M); b: (M,).\n"
         "Returns (out, cache): out (N, M); cache: whatever affine_backward needs.")),
        ("affine_backward(dout, cache)",
         ("dout: (N, M) upstream gradient. Returns (dx, dw, db): dx shaped like x, dw (D, M), db (M,).\n"
         "Must not change dout.")),
    ]),
    "relu": ("the ReLU activation, element-wise.", [
        ("relu_forward(x)", "x: any shape. Returns (out, cache): out the same shape as x."),
        ("relu_backward(dout, cache)", "dout: the shape of out. Returns dx, the shape of x. Must not change dout."),
    ]),
    "batchnorm": ("batch normalisation over the batch axis.", [
        ("batchnorm_forward(x, gamma, beta, bn_param)",
         ("x: (N, D); gamma, beta: (D,). bn_param: 'mode' ('train' or 'test'), 'eps', 'momentum',\n"
         "'running_mean', 'running_var' (D,). Training normalises with the batch statistics and updates\n"
         "the running ones in bn_param (cs231n's momentum keeps the OLD statistic:\n"
         "running = momentum·running + (1 − momentum)·batch); test mode uses the running ones.\n"
         "Returns (out, cache): out (N, D).")),
        ("batchnorm_backward(dout, cache)",
         ("dout: (N, D), training mode. Returns (dx, dgamma, dbeta): (N, D), (D,), (D,).\n"
         "(Optionally also batchnorm_backward_alt(dout, cache), the simplified formula: same result.)")),
    ]),
    "dropout": ("inverted dropout.", [
        ("dropout_forward(x, dropout_param)",
         ("x: any shape. dropout_param: 'p', 'mode' ('train' or 'test'), optionally 'seed' (seed\n"
         "np.random with it, for gradient checks). Today's cs231n: p is the probability of KEEPING a\n"
         "unit (older versions and torch: of dropping one; the checker finds out which you follow).\n"
         "Training masks and rescales so the expected output equals the input; test is the identity.\n"
         "Returns (out, cache): out the shape of x.")),
        ("dropout_backward(dout, cache)", "dout: the shape of out. Returns dx. Must not change dout."),
    ]),
    "cross-entropy": ("the softmax (cross-entropy) loss.", [
        ("softmax_loss(x, y)",
         ("x: (N, C) class scores; y: (N,) integer labels in [0, C). Returns (loss, dx): the mean\n"
         "cross-entropy over the batch (a float) and dL/dx (N, C). Scores of ±1000 must give a finite loss.")),
    ]),
    "sgd": ("SGD and SGD with momentum as update rules.", [
        ("sgd(w, dw, config=None)",
         "w, dw: arrays of the same shape. config: 'learning_rate'. Returns (next_w, config)."),
        ("sgd_momentum(w, dw, config=None)",
         ("config: 'learning_rate', 'momentum', and 'velocity' (yours to create on the first call, e.g.\n"
         "with config.setdefault/config.get). Returns (next_w, config). Must not change dw.")),
    ]),
    "rmsprop": ("RMSprop as an update rule.", [
        ("rmsprop(w, dw, config=None)",
         ("config: 'learning_rate', 'decay_rate', 'epsilon', and 'cache' (the moving average of dw²;\n"
         "yours to create on the first call). Returns (next_w, config). Must not change dw.")),
    ]),
    "adam": ("Adam (with bias correction) as an update rule.", [
        ("adam(w, dw, config=None)",
         ("config: 'learning_rate', 'beta1', 'beta2', 'epsilon', and the state 'm', 'v', 't' (yours to\n"
         "create on the first call; cs231n starts t at 0 and increments it before using it).\n"
         "Returns (next_w, config). Must not change dw.")),
    ]),
    # issue 13: the convolutional-network functions cs231n has
    "conv2d": ("a 2-D convolution (cross-correlation, as torch), naive loops are fine.", [
        ("conv_forward_naive(x, w, b, conv_param)",
         ("x: (N, C, H, W); w: (F, C, HH, WW); b: (F,). conv_param: 'stride', 'pad' (zeros on each side\n"
          "of H and W). Returns (out, cache): out (N, F, H_out, W_out).")),
        ("conv_backward_naive(dout, cache)",
         "dout: (N, F, H_out, W_out). Returns (dx, dw, db) shaped like x, w and b. Must not change dout."),
    ]),
    "maxpool2d": ("2-D max pooling, naive loops are fine.", [
        ("max_pool_forward_naive(x, pool_param)",
         ("x: (N, C, H, W). pool_param: 'pool_height', 'pool_width', 'stride' (no padding in cs231n:\n"
          "the checker pads with −inf itself). Returns (out, cache): out (N, C, H_out, W_out).")),
        ("max_pool_backward_naive(dout, cache)", "dout: (N, C, H_out, W_out). Returns dx, the shape of x."),
    ]),
    "batchnorm2d": ("spatial batch normalisation: one statistic per channel over (N, H, W).", [
        ("spatial_batchnorm_forward(x, gamma, beta, bn_param)",
         ("x: (N, C, H, W); gamma, beta: (C,). bn_param as batchnorm_forward's: 'mode', 'eps',\n"
          "'momentum' (keeps the OLD statistic), 'running_mean', 'running_var' (C,).\n"
          "Returns (out, cache): out (N, C, H, W).")),
        ("spatial_batchnorm_backward(dout, cache)",
         "dout: (N, C, H, W), training mode. Returns (dx, dgamma, dbeta): (N, C, H, W), (C,), (C,)."),
    ]),
    "layernorm": ("layer normalisation: each example over its own features.", [
        ("layernorm_forward(x, gamma, beta, ln_param)",
         "x: (N, D); gamma, beta: (D,). ln_param: 'eps'. Returns (out, cache): out (N, D)."),
        ("layernorm_backward(dout, cache)", "dout: (N, D). Returns (dx, dgamma, dbeta): (N, D), (D,), (D,)."),
    ]),
}


CONTRACTS_RU: dict[str, tuple[str, list[str]]] = {
    "linear": ("аффинный (полносвязный) слой out = x·w + b.", [
        ("x: (N, d_1, ..., d_k), каждый пример вытягивается в D = d_1·...·d_k чисел; w: (D, M); b: (M,).\n"
         "Возвращает (out, cache): out (N, M); cache — всё, что нужно affine_backward."),
        ("dout: (N, M) — градиент сверху. Возвращает (dx, dw, db): dx формы x, dw (D, M), db (M,).\n"
         "dout менять нельзя."),
    ]),
    "relu": ("активация ReLU, поэлементно.", [
        "x: любой формы. Возвращает (out, cache): out той же формы, что x.",
        "dout: формы out. Возвращает dx формы x. dout менять нельзя.",
    ]),
    "batchnorm": ("батч-нормализация по оси батча.", [
        ("x: (N, D); gamma, beta: (D,). bn_param: 'mode' ('train' или 'test'), 'eps', 'momentum',\n"
         "'running_mean', 'running_var' (D,). В обучении нормирует статистиками батча и обновляет\n"
         "скользящие в bn_param (momentum в cs231n сохраняет СТАРУЮ статистику:\n"
         "running = momentum·running + (1 − momentum)·batch); в режиме test — скользящими.\n"
         "Возвращает (out, cache): out (N, D)."),
        ("dout: (N, D), режим обучения. Возвращает (dx, dgamma, dbeta): (N, D), (D,), (D,).\n"
         "(Можно добавить batchnorm_backward_alt(dout, cache) — упрощённую формулу с тем же результатом.)"),
    ]),
    "dropout": ("инвертированный dropout.", [
        ("x: любой формы. dropout_param: 'p', 'mode' ('train' или 'test'), необязательно 'seed'\n"
         "(засеять им np.random — для проверки градиентов). В нынешнем cs231n p — вероятность\n"
         "СОХРАНИТЬ нейрон (в старых версиях и в torch — выбросить; проверка сама поймёт, какая у вас).\n"
         "В обучении маскирует и масштабирует так, чтобы среднее выхода равнялось входу; test — тождество.\n"
         "Возвращает (out, cache): out формы x."),
        "dout: формы out. Возвращает dx. dout менять нельзя.",
    ]),
    "cross-entropy": ("softmax-потеря (кросс-энтропия).", [
        ("x: (N, C) — оценки классов; y: (N,) — целые метки из [0, C). Возвращает (loss, dx): среднюю\n"
         "кросс-энтропию по батчу (число) и dL/dx (N, C). Оценки ±1000 должны давать конечную потерю."),
    ]),
    "sgd": ("SGD и SGD с моментом как правила обновления.", [
        "w, dw: массивы одной формы. config: 'learning_rate'. Возвращает (next_w, config).",
        ("config: 'learning_rate', 'momentum' и 'velocity' (создайте при первом вызове, например\n"
         "через config.setdefault/config.get). Возвращает (next_w, config). dw менять нельзя."),
    ]),
    "rmsprop": ("RMSprop как правило обновления.", [
        ("config: 'learning_rate', 'decay_rate', 'epsilon' и 'cache' (скользящее среднее dw²; создайте\n"
         "при первом вызове). Возвращает (next_w, config). dw менять нельзя."),
    ]),
    "adam": ("Adam (с поправкой смещения) как правило обновления.", [
        ("config: 'learning_rate', 'beta1', 'beta2', 'epsilon' и состояние 'm', 'v', 't' (создайте при\n"
         "первом вызове; в cs231n t начинается с 0 и увеличивается перед использованием).\n"
         "Возвращает (next_w, config). dw менять нельзя."),
    ]),
    "conv2d": ("двумерная свёртка (взаимная корреляция, как в torch), простые циклы допустимы.", [
        ("x: (N, C, H, W); w: (F, C, HH, WW); b: (F,). conv_param: 'stride', 'pad' (нули с каждой стороны\n"
         "H и W). Возвращает (out, cache): out (N, F, H_out, W_out)."),
        "dout: (N, F, H_out, W_out). Возвращает (dx, dw, db) форм x, w и b. dout менять нельзя.",
    ]),
    "maxpool2d": ("двумерный max pooling, простые циклы допустимы.", [
        ("x: (N, C, H, W). pool_param: 'pool_height', 'pool_width', 'stride' (в cs231n нет дополнения:\n"
         "проверка сама дополняет −inf). Возвращает (out, cache): out (N, C, H_out, W_out)."),
        "dout: (N, C, H_out, W_out). Возвращает dx формы x.",
    ]),
    "batchnorm2d": ("пространственная батч-нормализация: одна статистика на канал по (N, H, W).", [
        ("x: (N, C, H, W); gamma, beta: (C,). bn_param как у batchnorm_forward: 'mode', 'eps',\n"
         "'momentum' (сохраняет СТАРУЮ статистику), 'running_mean', 'running_var' (C,).\n"
         "Возвращает (out, cache): out (N, C, H, W)."),
        "dout: (N, C, H, W), режим обучения. Возвращает (dx, dgamma, dbeta): (N, C, H, W), (C,), (C,).",
    ]),
    "layernorm": ("нормализация слоя: каждый пример по своим признакам.", [
        "x: (N, D); gamma, beta: (D,). ln_param: 'eps'. Возвращает (out, cache): out (N, D).",
        "dout: (N, D). Возвращает (dx, dgamma, dbeta): (N, D), (D,), (D,).",
    ]),
}
HEADER = {
    "en": ("Exercise {id} in cs231n's function style: {summary}",
           "Write the functions below; the checker calls them the way cs231n's code does and compares",
           "with torch's behaviour (where cs231n's convention differs, the report says so).",
           "Check:  quizprep check {id} {file}   (add --watch to re-check on every save)",
           "Stuck:  quizprep exercise {id} --hint"),
    "ru": ("Упражнение {id} в функциональном стиле cs231n: {summary}",
           "Напишите функции ниже; проверка вызывает их так же, как код cs231n, и сравнивает",
           "с поведением torch (где соглашение cs231n другое, отчёт об этом скажет).",
           "Проверка:  quizprep check {id} {file}   (с --watch — при каждом сохранении)",
           "Подсказка: quizprep exercise {id} --hint --lang ru"),
}


def cs231n_template_source(exercise_id: str, lang: str = "en") -> str:
    """The cs231n-style template of `exercise_id` (a StyleError if the style has no such exercise)."""
    exercise = get_exercise(exercise_id)
    style_functions("cs231n", exercise.id)
    summary, functions = CONTRACTS[exercise.id]
    if lang == "ru":
        summary_ru, docs = CONTRACTS_RU[exercise.id]
        summary, functions = summary_ru, [(signature, doc) for (signature, _), doc in zip(functions, docs, strict=True)]
    title, intro, intro2, check, stuck = (line.format(id=exercise.id, summary=summary, file=exercise.file_name)
                                         for line in HEADER.get(lang, HEADER["en"]))
    lines = [f'"""{title}', "", intro, intro2, "", check, stuck, '"""', "", "import numpy as np", ""]
    for signature, doc in functions:
        body = "\n    ".join(doc.splitlines())
        lines += ["", f"def {signature}:", f'    """{body}"""', '    raise NotImplementedError("TODO")', ""]
    return "\n".join(lines).rstrip() + "\n"


def write_cs231n_template(exercise_id: str, directory: str | Path = ".", force: bool = False,
                          lang: str = "en") -> Path:
    """Write the cs231n-style template to `directory`/<id>.py (never over an existing file unless `force`)."""
    from quizprep.exercises.templates import write_exercise_file

    exercise = get_exercise(exercise_id)
    return write_exercise_file(Path(directory) / exercise.file_name, cs231n_template_source(exercise.id, lang),
                               force)
