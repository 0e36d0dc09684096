# exercise: relu
# expect: inherits from the reference quizprep.engine
from quizprep.engine import ReLU as EngineReLU


class ReLU(EngineReLU):
    pass
