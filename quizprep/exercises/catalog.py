"""The exercises: for each id, the class to write, its constructor (the engine's), the task and hints.

Every exercise is also a question of kind `code` in the bank (`implement-<id>`, questions/code-*.toml);
`quizprep.bank.validate` checks that those questions name an id of `EXERCISES`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from quizprep.errors import QuizprepError

SOLUTIONS_DIR = Path(__file__).resolve().parent / "solutions"

# What each family's class must provide (the probes of probes/<family>.py exercise exactly this).
LAYER_FAMILIES = ("activation", "softmax", "linear", "dropout", "batchnorm")
FAMILIES = (*LAYER_FAMILIES, "loss", "optimizer")


class UnknownExerciseError(QuizprepError):
    """No exercise with this id."""


@dataclass(frozen=True)
class Exercise:
    """One exercise.

    `init_args` is the constructor's parameter list after `self` (the engine's signature, e.g.
    "negative_slope=0.01"); `init_body` the constructor's lines, where ZEROS(shape) and ONES(shape)
    stand for the array library's constructors (filled in by the template for numpy or torch).
    `task` is the part of the template's docstring that states the exercise (formulas, shapes).
    """

    id: str
    class_name: str
    family: str
    topic: str
    summary: str
    task: str
    source_file: str
    source_section: str
    hints: tuple[str, ...]
    init_args: str = ""
    init_body: tuple[str, ...] = ()

    @property
    def question_id(self) -> str:
        """The id of the bank's code question for this exercise."""
        return f"implement-{self.id}"

    @property
    def file_name(self) -> str:
        """The file a template is written to: the id with dashes as underscores, e.g. leaky_relu.py."""
        return self.id.replace("-", "_") + ".py"

    @property
    def source(self) -> str:
        return f"{self.source_file} § {self.source_section}"

    def solution_source(self) -> str:
        """The reference solution, written like the template (what `--solution` shows)."""
        return (SOLUTIONS_DIR / self.file_name).read_text(encoding="utf-8")


NOTES_LECTURE4 = "000_70ce28c4876de85c.txt"
NOTES_INTERVIEW = "002_71db0ab0185f0373.txt"
NOTES_LECTURES = "003_027fb4933e73d805.txt"

_ACTIVATION_SHAPES = "x, y, grad, dx: (N, D) arrays, any N and D (all four have the same shape)."

_EXERCISES = (
    Exercise(
        id="linear", class_name="Linear", family="linear", topic="layer-interface",
        summary="the fully-connected layer y = x·W + b",
        task=(
            "Forward:  y = x·W + b  (the notes' X·W: W is (in_features, out_features), not torch's\n"
            "          (out, in)).\n"
            "Backward: given grad = dL/dy, accumulate dL/dW and dL/db into self.W.grad and self.b.grad\n"
            "          (+=, never =) and return dL/dx.\n"
            "Shapes:   x: (N, in_features), W: (in_features, out_features), b: (out_features,),\n"
            "          y and grad: (N, out_features), dx: (N, in_features).\n"
            "The checker sets W and b itself; the initialisation below is only a starting point."
        ),
        source_file=NOTES_LECTURE4, source_section="Интерфейс слоя(Layer interface)",
        init_args="in_features, out_features",
        init_body=(
            "self.in_features, self.out_features = in_features, out_features",
            "self.W = Param(ZEROS((in_features, out_features)))",
            "self.b = Param(ZEROS((out_features,)))",
        ),
        hints=(
            ("Write down the shapes first: which product of x (N, in) and grad (N, out) gives a "
             "(in, out) matrix? Which product of grad (N, out) and W (in, out) gives (N, in)?"),
            "dW = xᵀ·grad, db = Σ over the batch of grad (axis 0), dx = grad·Wᵀ. Keep x in forward.",
            "Accumulate: self.W.grad += ..., self.b.grad += ... — two backward calls must add up.",
        ),
    ),
    Exercise(
        id="relu", class_name="ReLU", family="activation", topic="activations",
        summary="the ReLU activation y = max(0, x)",
        task="Forward:  y = max(0, x), element-wise.\nBackward: return dL/dx = grad · dy/dx.\n"
             f"Shapes:   {_ACTIVATION_SHAPES}",
        source_file=NOTES_LECTURES, source_section="activation functions",
        hints=(
            "dy/dx is 1 where x > 0 and 0 elsewhere: keep that mask in forward.",
            "backward returns grad * mask — a new array; do not change grad in place.",
        ),
    ),
    Exercise(
        id="sigmoid", class_name="Sigmoid", family="activation", topic="activations",
        summary="the logistic sigmoid y = 1 / (1 + e^-x)",
        task="Forward:  y = σ(x) = 1 / (1 + e^-x), element-wise.\nBackward: return dL/dx = grad · dy/dx.\n"
             f"Shapes:   {_ACTIVATION_SHAPES}\n"
             "Large |x| (±1000) must give finite values.",
        source_file=NOTES_LECTURES, source_section="activation functions",
        hints=(
            "σ'(x) = σ(x)·(1 − σ(x)): the derivative is a function of the output.",
            "Keep y = σ(x) in forward and return grad * y * (1 - y) — y, not x.",
            ("For x = -1000, e^-x overflows; 1/(1+inf) is still 0, but np.exp(-np.abs(x)) avoids the "
             "warning entirely."),
        ),
    ),
    Exercise(
        id="tanh", class_name="Tanh", family="activation", topic="activations",
        summary="the hyperbolic tangent y = tanh(x)",
        task="Forward:  y = tanh(x), element-wise.\nBackward: return dL/dx = grad · dy/dx.\n"
             f"Shapes:   {_ACTIVATION_SHAPES}",
        source_file=NOTES_LECTURES, source_section="activation functions",
        hints=(
            "tanh'(x) = 1 − tanh(x)²: keep the output in forward.",
            "backward returns grad * (1 - y**2).",
        ),
    ),
    Exercise(
        id="leaky-relu", class_name="LeakyReLU", family="activation", topic="activations",
        summary="LeakyReLU: y = x for x > 0, negative_slope·x otherwise",
        task="Forward:  y = x where x > 0, else negative_slope·x (element-wise).\n"
             "Backward: return dL/dx = grad · dy/dx.\n"
             f"Shapes:   {_ACTIVATION_SHAPES}\n"
             "Use the constructor's negative_slope (the checker tries values other than 0.01).",
        source_file=NOTES_LECTURES, source_section="activation functions",
        init_args="negative_slope=0.01",
        init_body=("self.negative_slope = negative_slope",),
        hints=(
            "dy/dx is 1 where x > 0 and negative_slope elsewhere.",
            "np.where(x > 0, grad, self.negative_slope * grad) (torch.where for tensors).",
        ),
    ),
    Exercise(
        id="elu", class_name="ELU", family="activation", topic="activations",
        summary="ELU: y = x for x > 0, alpha·(e^x − 1) otherwise",
        task="Forward:  y = x where x > 0, else alpha·(e^x − 1) (element-wise).\n"
             "Backward: return dL/dx = grad · dy/dx.\n"
             f"Shapes:   {_ACTIVATION_SHAPES}\n"
             "Large |x| (±1000) must give finite values and gradients.",
        source_file=NOTES_LECTURES, source_section="activation functions",
        init_args="alpha=1.0",
        init_body=("self.alpha = alpha",),
        hints=(
            "For x ≤ 0, dy/dx = alpha·e^x (= y + alpha); for x > 0 it is 1.",
            "e^x overflows for x = 1000 and inf·0 is nan: take e^min(x, 0) so both branches stay finite.",
        ),
    ),
    Exercise(
        id="softmax", class_name="Softmax", family="softmax", topic="softmax",
        summary="softmax over the last axis",
        task="Forward:  y_i = e^(x_i) / Σ_j e^(x_j) for each row (over the last axis).\n"
             "Backward: return dL/dx, the full Jacobian-vector product (each y_i depends on every x_j).\n"
             "Shapes:   x, y, grad, dx: (N, C).\n"
             "Logits of ±1000 must give finite probabilities.",
        source_file=NOTES_INTERVIEW, source_section="Softmax",
        hints=(
            "Subtract the row maximum before exp: softmax(x) = softmax(x − max x), and e^0 never overflows.",
            "∂y_i/∂x_j = y_i(δ_ij − y_j); multiplying by grad gives dx_i = y_i·(grad_i − Σ_j grad_j·y_j).",
            "Sum over the last axis with keepdims=True so it broadcasts against (N, C).",
        ),
    ),
    Exercise(
        id="dropout", class_name="Dropout", family="dropout", topic="dropout",
        summary="inverted dropout with p the probability of dropping",
        task=(
            "Training (self.training is True): zero each element with probability p (p is the DROP\n"
            "          probability, as in torch.nn.Dropout) and scale the kept ones by 1/(1 − p), so\n"
            "          the expected output equals the input.\n"
            "Eval:     the identity (no mask, no scaling) — call layer.eval() / layer.train().\n"
            "Backward: multiply grad by the same mask (and scale) that forward used.\n"
            "Shapes:   x, y, grad, dx: any shape, all the same. p = 0 must be the identity."
        ),
        source_file=NOTES_INTERVIEW, source_section="Dropout - главная техника из регуляризации",
        init_args="p=0.5",
        init_body=("self.p = p",),
        hints=(
            "Draw a fresh mask on every training forward: keep = (np.random.rand(*x.shape) >= p); keep it.",
            "Inverted dropout scales while training: mask = keep / (1 - p); eval returns x unchanged.",
            "backward returns grad * self.mask (the forward's mask, not a new one).",
        ),
    ),
    Exercise(
        id="batchnorm", class_name="BatchNorm1d", family="batchnorm", topic="batchnorm",
        summary="batch normalisation over the batch axis (torch.nn.BatchNorm1d semantics)",
        task=(
            "Training: normalise each feature (column) with the batch mean and the biased batch\n"
            "          variance: y = gamma·(x − mean)/sqrt(var + eps) + beta, and update\n"
            "          running = (1 − momentum)·running + momentum·batch_statistic, storing the\n"
            "          UNBIASED variance var·N/(N − 1) in running_var (as torch does).\n"
            "Eval:     normalise with running_mean and running_var (a batch of 1 must work).\n"
            "Backward: accumulate dL/dgamma, dL/dbeta into their .grad and return dL/dx (in training,\n"
            "          mean and var depend on every x of the batch).\n"
            "Shapes:   x, y, grad, dx: (N, num_features); gamma, beta, running_mean, running_var:\n"
            "          (num_features,)."
        ),
        source_file=NOTES_INTERVIEW, source_section="Batch normalization",
        init_args="num_features, eps=1e-5, momentum=0.1",
        init_body=(
            "self.num_features, self.eps, self.momentum = num_features, eps, momentum",
            "self.gamma = Param(ONES((num_features,)))",
            "self.beta = Param(ZEROS((num_features,)))",
            "self.running_mean = ZEROS((num_features,))",
            "self.running_var = ONES((num_features,))",
        ),
        hints=(
            ("In forward, branch on self.training: batch statistics (and update the running ones) "
             "while training, running statistics in eval."),
            ("running_var gets var·N/(N−1); momentum weighs the NEW batch statistic: "
             "running = (1 − momentum)·running + momentum·batch."),
            ("With x̂ = (x − mean)/σ and dx̂ = grad·gamma: dx = (N·dx̂ − Σdx̂ − x̂·Σ(dx̂·x̂)) / (N·σ) "
             "in training, dx̂/σ in eval."),
        ),
    ),
    Exercise(
        id="mse-loss", class_name="MSELoss", family="loss", topic="losses",
        summary="mean squared error, mean over all elements",
        task=(
            "Forward:  L = mean((pred − target)²) over ALL elements (torch's reduction='mean');\n"
            "          return a scalar (a 0-d array or a float).\n"
            "Backward: backward() takes no argument and returns dL/dpred.\n"
            "Shapes:   pred, target, dpred: (N, D)."
        ),
        source_file=NOTES_LECTURE4, source_section="Multi-class labeling",
        hints=(
            "d/dpred of (pred − target)² is 2·(pred − target).",
            "The mean divides by the number of elements N·D, so dpred = 2·(pred − target) / (N·D).",
        ),
    ),
    Exercise(
        id="l1-loss", class_name="L1Loss", family="loss", topic="losses",
        summary="mean absolute error, mean over all elements",
        task=(
            "Forward:  L = mean(|pred − target|) over ALL elements; return a scalar.\n"
            "Backward: backward() returns dL/dpred.\n"
            "Shapes:   pred, target, dpred: (N, D)."
        ),
        source_file=NOTES_LECTURE4, source_section="Multi-class labeling",
        hints=(
            "d|u|/du = sign(u).",
            "dpred = sign(pred − target) / (N·D) — the mean over all elements, not only the batch.",
        ),
    ),
    Exercise(
        id="bce-loss", class_name="BCELoss", family="loss", topic="losses",
        summary="binary cross-entropy on probabilities",
        task=(
            "Forward:  L = −mean(t·log p + (1 − t)·log(1 − p)) over all elements, p = pred in [0, 1],\n"
            "          t = target in [0, 1]; return a scalar. Predictions of exactly 0 or 1 must give a\n"
            "          finite loss (torch clamps each log at −100).\n"
            "Backward: backward() returns dL/dpred.\n"
            "Shapes:   pred, target, dpred: (N, D)."
        ),
        source_file=NOTES_LECTURE4, source_section="Multi-class labeling",
        hints=(
            "dL/dp for one element is −(t/p − (1 − t)/(1 − p)) = (p − t) / (p·(1 − p)).",
            ("Divide by the number of elements (mean); clamp log p and log(1 − p) at −100, and p·(1 − p) "
             "away from 0 in backward."),
        ),
    ),
    Exercise(
        id="cross-entropy", class_name="CrossEntropyLoss", family="loss", topic="losses",
        summary="softmax cross-entropy on logits and class indices",
        task=(
            "Forward:  L = −mean_n log softmax(pred_n)[target_n]; pred are logits (N, C), target are\n"
            "          integer class indices (N,). Return a scalar. Logits of ±1000 must give a finite loss.\n"
            "Backward: backward() returns dL/dpred (N, C).\n"
            "Shapes:   pred, dpred: (N, C); target: (N,) integers in [0, C)."
        ),
        source_file=NOTES_INTERVIEW, source_section="Softmax",
        hints=(
            "log softmax(z)_k = z_k − log Σ_j e^(z_j); subtract the row maximum first (log-sum-exp).",
            "dL/dpred = (softmax(pred) − onehot(target)) / N.",
        ),
    ),
    Exercise(
        id="sgd", class_name="SGD", family="optimizer", topic="optimizers",
        summary="SGD with momentum, Nesterov momentum and weight decay (torch.optim.SGD)",
        task=(
            "step():   for every Param p (p.data, p.grad):\n"
            "            g = p.grad + weight_decay·p.data\n"
            "            momentum: buf = g on the first step, then buf = momentum·buf + g;\n"
            "                      g = g + momentum·buf if nesterov else buf\n"
            "            p.data = p.data − lr·g  (in place or not; never change p.grad)\n"
            "zero_grad(): set every p.grad to zero.\n"
            "params is a list of Params with float arrays of any shape; keep one state per Param."
        ),
        source_file=NOTES_LECTURE4, source_section="SGD",
        init_args="params, lr, momentum=0.0, nesterov=False, weight_decay=0.0",
        init_body=(
            "self.params = list(params)",
            "self.lr, self.momentum, self.nesterov = lr, momentum, nesterov",
            "self.weight_decay = weight_decay",
        ),
        hints=(
            "Plain SGD is p.data -= lr * p.grad. Mind the sign: the step goes against the gradient.",
            ("Keep one velocity buffer per Param (a list or a dict keyed by position), created on the "
             "first step as a copy of g."),
            ("The notes' velocity = momentum·velocity − lr·grad; w += velocity is the same method while "
             "lr is constant."),
        ),
    ),
    Exercise(
        id="adagrad", class_name="Adagrad", family="optimizer", topic="optimizers",
        summary="Adagrad (torch.optim.Adagrad)",
        task=(
            "step():   for every Param p:  sum = sum + g²   (starting from zeros)\n"
            "                               p.data = p.data − lr·g / (sqrt(sum) + eps)\n"
            "zero_grad(): set every p.grad to zero.\n"
            "params is a list of Params with float arrays of any shape; keep one sum per Param."
        ),
        source_file=NOTES_LECTURE4, source_section="Adagrad",
        init_args="params, lr=1e-2, eps=1e-10",
        init_body=("self.params = list(params)", "self.lr, self.eps = lr, eps"),
        hints=(
            "The sum ACCUMULATES g² over all steps (the notes' `accumulated = gradient ** 2` forgets the +).",
            "eps goes outside the square root: sqrt(sum) + eps.",
        ),
    ),
    Exercise(
        id="rmsprop", class_name="RMSprop", family="optimizer", topic="optimizers",
        summary="RMSprop (torch.optim.RMSprop)",
        task=(
            "step():   for every Param p:  square_avg = alpha·square_avg + (1 − alpha)·g²  (from zeros)\n"
            "                               p.data = p.data − lr·g / (sqrt(square_avg) + eps)\n"
            "zero_grad(): set every p.grad to zero.\n"
            "params is a list of Params with float arrays of any shape; keep one average per Param."
        ),
        source_file=NOTES_LECTURE4, source_section="RMSProp",
        init_args="params, lr=1e-2, alpha=0.99, eps=1e-8",
        init_body=("self.params = list(params)", "self.lr, self.alpha, self.eps = lr, alpha, eps"),
        hints=(
            "alpha weighs the OLD average: square_avg = alpha·square_avg + (1 − alpha)·g².",
            "eps goes outside the square root: sqrt(square_avg) + eps.",
        ),
    ),
    Exercise(
        id="adam", class_name="Adam", family="optimizer", topic="optimizers",
        summary="Adam with bias correction and L2 weight decay (torch.optim.Adam)",
        task=(
            "step():   for every Param p, at step t = 1, 2, ...:\n"
            "            g = p.grad + weight_decay·p.data\n"
            "            m = beta1·m + (1 − beta1)·g          v = beta2·v + (1 − beta2)·g²   (from zeros)\n"
            "            m̂ = m / (1 − beta1^t)                v̂ = v / (1 − beta2^t)\n"
            "            p.data = p.data − lr·m̂ / (sqrt(v̂) + eps)\n"
            "zero_grad(): set every p.grad to zero.\n"
            "params is a list of Params with float arrays of any shape; keep m, v per Param and t."
        ),
        source_file=NOTES_LECTURE4, source_section="Adam(RMSProp + Momentum) - хороший начальный выбор",
        init_args="params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0",
        init_body=(
            "self.params = list(params)",
            "self.lr, self.betas, self.eps, self.weight_decay = lr, betas, eps, weight_decay",
        ),
        hints=(
            "Adam = momentum on g (m) + RMSprop on g² (v). The notes' version leaves out the bias correction.",
            ("Without bias correction the first steps are far too small: m starts at 0, so divide by "
             "1 − beta1^t (and v by 1 − beta2^t)."),
            "weight_decay adds weight_decay·p.data to the gradient before m and v (L2, not AdamW).",
        ),
    ),
)

EXERCISES: dict[str, Exercise] = {exercise.id: exercise for exercise in _EXERCISES}


def get_exercise(exercise_id: str) -> Exercise:
    """Return the exercise `exercise_id`, or raise UnknownExerciseError listing the known ids."""
    try:
        return EXERCISES[exercise_id]
    except KeyError:
        known = ", ".join(EXERCISES)
        raise UnknownExerciseError(f"unknown exercise '{exercise_id}' (known: {known})") from None
