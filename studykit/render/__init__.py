"""Render: notes and card text shown to a person, in the terminal (rich) or the browser
(sanitised HTML with MathML)."""
