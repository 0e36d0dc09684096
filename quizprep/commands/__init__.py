"""The CLI's commands, a few lines each: call the library, render, exit with the contract's code."""
