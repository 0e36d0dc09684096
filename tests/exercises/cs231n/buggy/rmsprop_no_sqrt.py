# exercise: rmsprop
# expect: the square root is missing: divide by sqrt(cache)
import numpy as np


def rmsprop(w, dw, config=None):
    config = config if config is not None else {}
    config.setdefault("cache", np.zeros_like(w))
    decay = config.get("decay_rate", 0.99)
    config["cache"] = decay * config["cache"] + (1 - decay) * dw * dw
    return w - config["learning_rate"] * dw / (config["cache"] + config["epsilon"]), config
