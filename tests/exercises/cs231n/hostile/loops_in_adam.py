# exercise: rmsprop
# expect: timed out after
def rmsprop(w, dw, config=None):
    while True:
        pass
