# exercise: relu
# expect: exited with status 0 without answering (os._exit() or a crash) in forward()
import os

from quizprep.engine import Layer


class ReLU(Layer):
    def forward(self, x):
        print("PASS")
        os._exit(0)

    def backward(self, grad):
        return grad
