from studykit.cli.main import main

main()
