from studykit.cli import main

main()
