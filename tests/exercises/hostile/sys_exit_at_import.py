# exercise: relu
# expect: called sys.exit(0) while importing your file
import sys

print("all tests passed")
sys.exit(0)
