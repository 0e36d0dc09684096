# exercise: rmsprop
# expect: decay_rate used the other way round
import numpy as np


def rmsprop(w, dw, config=None):
    config = config if config is not None else {}
    config.setdefault("cache", np.zeros_like(w))
    decay = config["decay_rate"]
    config["cache"] = (1 - decay) * config["cache"] + decay * dw * dw
    return w - config["learning_rate"] * dw / (np.sqrt(config["cache"]) + config["epsilon"]), config
