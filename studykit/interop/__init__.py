"""Interop: other tools' formats, in and out (Anki packages, Obsidian vaults)."""
