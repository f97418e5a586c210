"""The `studykit` command: thin click commands over the core.

main (the group, the error-to-exit-code mapping), common (options, settings and output
shared by commands), one module per command group (notes, quiz, checks, interop, service),
tui (the terminal quiz's screens).
"""
