"""Cards: flashcards drawn from a note's topics, and decks, their YAML files.

model (Card, CardKind, card ids), extract (runs the rules over a note's topics), rules/
(one module per way a card is found in a note), decks (build, dump, load).
"""
