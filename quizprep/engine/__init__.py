"""quizprep.engine: the reference neural-network engine of the lecture notes.

Layers with the notes' interface (`forward(x)` keeps what backward needs, `backward(grad)` returns
dx and accumulates `param.grad += dW`), losses, optimizers, learning-rate schedulers, initialisers and a
gradient checker. Layers: Linear, Conv2d, MaxPool2d/AvgPool2d, BatchNorm1d/2d, LayerNorm, Dropout,
Embedding, activations (GELU among them), ScaledDotProductAttention and MultiheadAttention. Loop versions
of the convolution and max pooling (the definitions) are in `quizprep.engine.reference_loops`.
The same classes compute with NumPy arrays or torch tensors (CPU or CUDA): they follow the library,
device and dtype of their inputs and Params (`layer.to("torch")`, `.to("cuda")`, `.to("numpy")`).
Importing this package does not import torch.
"""

from quizprep.engine.activations import ELU, ArcTan, LeakyReLU, PReLU, ReLU, Sigmoid, Softmax, Softplus, Tanh
from quizprep.engine.adamw import AdamW
from quizprep.engine.attention import MultiheadAttention, ScaledDotProductAttention
from quizprep.engine.backend import Rng, convert, namespace
from quizprep.engine.base import Layer, Param, Sequential
from quizprep.engine.conv import Conv2d
from quizprep.engine.dropout import Dropout
from quizprep.engine.embedding import Embedding
from quizprep.engine.flatten import Flatten
from quizprep.engine.gelu import GELU
from quizprep.engine.gradcheck import GradcheckReport, TensorCheck, gradcheck
from quizprep.engine.huber import HuberLoss
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
from quizprep.engine.norm2d import BatchNorm2d, LayerNorm
from quizprep.engine.normalization import BatchNorm1d
from quizprep.engine.optim import SGD, Adagrad, Adam, Optimizer, RMSprop
from quizprep.engine.pooling import AvgPool2d, MaxPool2d
from quizprep.engine.schedulers import CosineAnnealingLR, LinearLR, LRScheduler, StepLR

__all__ = [
    "ELU",
    "GELU",
    "SGD",
    "Adagrad",
    "Adam",
    "AdamW",
    "ArcTan",
    "AvgPool2d",
    "BCELoss",
    "BatchNorm1d",
    "BatchNorm2d",
    "Conv2d",
    "CosineAnnealingLR",
    "CrossEntropyLoss",
    "Dropout",
    "Embedding",
    "Flatten",
    "GradcheckReport",
    "HuberLoss",
    "L1Loss",
    "LRScheduler",
    "Layer",
    "LayerNorm",
    "LeakyReLU",
    "Linear",
    "LinearLR",
    "Loss",
    "MSELoss",
    "MaxPool2d",
    "MultiheadAttention",
    "Optimizer",
    "PReLU",
    "Param",
    "RMSprop",
    "ReLU",
    "Rng",
    "ScaledDotProductAttention",
    "Sequential",
    "Sigmoid",
    "Softmax",
    "Softplus",
    "StepLR",
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
