# exercise: linear
# expect: your file defines no affine_backward
def affine_forward(x, w, b):
    return x @ w + b, (x, w)
