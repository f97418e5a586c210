"""studykit: Markdown study notes turned into topics, flashcards and verified claims."""

__version__ = "0.1.0"
