"""Notes: Markdown files parsed into topics and blocks.

model (Note, Topic, Block, BlockKind), parse (one note's text), cache (parsed notes kept
until their file changes), corpus (every note of a folder, found by name), search.

Modules are imported one by one (nothing here), so that a command pays only for what it
uses; the public API is `studykit`'s.
"""
