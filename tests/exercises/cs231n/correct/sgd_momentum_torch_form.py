"""sgd_momentum in cs231n's function style, with torch's buffer form of momentum (buf = μ·buf + dw; w -= lr·buf)."""


def sgd_momentum(w, dw, config=None):
    buf = config.get("buffer")
    buf = dw.copy() if buf is None else config["momentum"] * buf + dw
    config["buffer"] = buf
    return w - config["learning_rate"] * buf, config
