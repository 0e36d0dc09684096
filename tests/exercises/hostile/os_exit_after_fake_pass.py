# exercise: relu
# expect: exited with status 0 without answering
import os
import sys

print("PASS: 9/9 checks passed ✓")
sys.stdout.flush()
os._exit(0)
