"""quizprep.engine: the reference neural-network engine of the lecture notes.

Layers with the notes' interface (`forward(x)` keeps what backward needs, `backward(grad)` returns
dx and accumulates `param.grad += dW`), losses, optimizers, initialisers and a gradient checker.
The same classes compute with NumPy arrays or torch tensors (CPU or CUDA): they follow the library,
device and dtype of their inputs and Params (`layer.to("torch")`, `.to("cuda")`, `.to("numpy")`).
Importing this package does not import torch.
"""

from quizprep.engine.activations import ELU, ArcTan, LeakyReLU, PReLU, ReLU, Sigmoid, Softmax, Softplus, Tanh
from quizprep.engine.backend import Rng, convert, namespace
from quizprep.engine.base import Layer, Param, Sequential
from quizprep.engine.dropout import Dropout
from quizprep.engine.gradcheck import GradcheckReport, TensorCheck, gradcheck
from quizprep.engine.init import (
    calculate_gain,
    kaiming_normal_,
    notes_he_scale,
    notes_xavier_scale,
    simple_normal,
    xavier_normal_,
)
from quizprep.engine.linear import Linear
from quizprep.engine.losses import BCELoss, CrossEntropyLoss, L1Loss, Loss, MSELoss
from quizprep.engine.normalization import BatchNorm1d
from quizprep.engine.optim import SGD, Adagrad, Adam, Optimizer, RMSprop

__all__ = [
    "ELU",
    "SGD",
    "Adagrad",
    "Adam",
    "ArcTan",
    "BCELoss",
    "BatchNorm1d",
    "CrossEntropyLoss",
    "Dropout",
    "GradcheckReport",
    "L1Loss",
    "Layer",
    "LeakyReLU",
    "Linear",
    "Loss",
    "MSELoss",
    "Optimizer",
    "PReLU",
    "Param",
    "RMSprop",
    "ReLU",
    "Rng",
    "Sequential",
    "Sigmoid",
    "Softmax",
    "Softplus",
    "Tanh",
    "TensorCheck",
    "calculate_gain",
    "convert",
    "gradcheck",
    "kaiming_normal_",
    "namespace",
    "notes_he_scale",
    "notes_xavier_scale",
    "simple_normal",
    "xavier_normal_",
]
