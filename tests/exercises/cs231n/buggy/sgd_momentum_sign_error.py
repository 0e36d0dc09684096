# exercise: sgd
# expect: sign error in the update
# needs: optional extras (issue 10, points 1-3)
import numpy as np


def sgd_momentum(w, dw, config=None):
    config = config if config is not None else {}
    velocity = config.get("velocity", np.zeros_like(w))
    velocity = config["momentum"] * velocity + config["learning_rate"] * dw
    config["velocity"] = velocity
    return w + velocity, config
