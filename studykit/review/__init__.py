"""Review: what happens to cards once they are in a deck.

model (Rating, Mode, Phase, Review, Selection), store (cards, schedules and reviews in the
database), sync (decks and store kept in step with the notes), session (which card next,
recording an answer, choices), schedule (FSRS), grading (typed answers), stats, revlog
(the review log for FSRS tools), optimize (FSRS fitted to one learner).
"""
