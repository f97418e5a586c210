"""Checks: runnable claims inside notes, and their verdicts.

find (the `python check` fences of a note, their attributes and claims), run (one check's
code, seeded and timed), ledger (the last verdict of every check, with its own table
access), pytest_plugin (pytest collects and runs the checks; `studykit check` drives it).
"""
