# exercise: relu
# expect: timed out after
while True:
    pass
