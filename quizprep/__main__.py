from quizprep.launch import main

main()
