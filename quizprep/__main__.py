from quizprep.cli import main

main()
