"""Terminal rendering: math in Unicode where it can be, verbatim where it cannot."""

from __future__ import annotations

import pytest
from rich.console import Console

from studykit.render.latex import latex_to_unicode
from studykit.render.terminal import render_markdown


@pytest.mark.parametrize(
    ("latex", "shown"),
    [
        ("h_t = f_w(h_{t-1}, x_t)", "hₜ = f_w(hₜ₋₁, xₜ)"),  # no subscript w: kept verbatim
        ("h_(t-1)", "h_(t−1)"),  # the note's own notation is kept, not half-subscripted
        (r"\alpha^2 + \beta_{ij}", "α² + βᵢⱼ"),
        (r"c_t = f_t \odot c_{t-1}", "cₜ = fₜ ⊙ cₜ₋₁"),
        (r"h_t = \tanh(W_{hh} h_{t-1})", "hₜ = tanh(Wₕₕ hₜ₋₁)"),
        (r"\text{softmax}(x)_i", "softmax(x)ᵢ"),
        (r"\lim_{n \to \infty} x^n", "lim_(n → ∞) xⁿ"),  # no subscript arrow: written out
        (r"\log p(x)", "log p(x)"),
        (r"\frac{1}{1+e^{-x}}", "1/(1+e⁻ˣ)"),
        (r"\frac{∂ L}{∂ h₀}", "∂L/∂h₀"),  # the user's own Unicode, spaces after ∂ closed
        (r"\frac{\partial \mathcal{L}}{\partial \hat{y}_i}", "∂ℒ/∂ŷᵢ"),
        (r"\frac12 + \tfrac{a}{b}", "1/2 + a/b"),
        (r"-\frac{2}{N}(y_i - \hat{y}_i)", "−2/N (yᵢ − ŷᵢ)"),
        (r"\frac{x - \mu_B}{\sqrt{\sigma_B^2 + \epsilon}}", "(x − μ_B)/√(σ_B² + ε)"),
        (r"\text{softmax}\left(\frac{QK^T}{\sqrt{d_k}}\right)V", "softmax(QKᵀ/√dₖ)V"),
        (r"\sqrt[3]{x} + \sqrt[n]{y}", "∛x + ⁿ√y"),
        (r"\sum_{i=1}^{N} x_i", "∑ᵢ₌₁ᴺ xᵢ"),
        (r"\prod_{t=1}^{T} f_t", "∏ₜ₌₁ᵀ fₜ"),
        (r"\frac{e^{z_k}}{\sum_j e^{z_j}}", "e^(zₖ)/(∑ⱼ e^(zⱼ))"),  # no superscript ⱼ
        (r"PE_{(pos, 2i)} = 10000^{2i/d}", "PE_(pos, 2i) = 10000^(2i/d)"),
        (r"\frac{\lambda}{2}\lVert w \rVert_2^2", "λ/2‖ w ‖₂²"),  # not unicodeit's \l + Vert
        (r"X^\top X, \boldsymbol{x}, \Gamma, \omega", "Xᵀ X, 𝐱, Γ, ω"),
        ("x \\", "x \\"),  # a stray backslash at the end stays
    ],
)
def test_latex_to_unicode(latex: str, shown: str) -> None:
    assert latex_to_unicode(latex) == shown


def shown(markdown: str) -> str:
    console = Console(width=60, color_system=None)
    with console.capture() as capture:
        console.print(render_markdown(markdown))
    return capture.get()


def test_plain_and_markdown_snippets() -> None:
    assert shown("얼마나 잊어버릴 지를 컨트롤").strip() == "얼마나 잊어버릴 지를 컨트롤"
    assert "• 빠르다" in shown("- 빠르다\n- 가볍다")
    assert "hₜ₋₁" in shown("$$\nh_{t-1}\n$$")
    assert shown("**굵게** 그리고 $x^2$").strip() == "굵게 그리고 x²"
    assert shown("1) vanishing").strip() == "1) vanishing"


def test_html_badges_each_claim_once_in_tight_and_loose_lists() -> None:
    from studykit.notes.parse import parse_note
    from studykit.render.html import note_html

    text = "# T\n\n- tight one\n- tight two\n\n---\n\n- loose one\n\n- loose two\n\n$$h_(t-1)$$\n"
    html = note_html(text, parse_note(text, "t.md"), {4: "verified", 10: "refuted"})
    assert html.count("data-verdict") == 2
    assert '<li data-verdict="verified" class="claim">tight two</li>' in html
    assert '<p data-verdict="refuted" class="claim">loose two</p>' in html
    assert "<mi>_</mi>" in html  # the note's own h_(t-1), not a subscripted parenthesis
