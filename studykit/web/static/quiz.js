// The web quiz: flip, type or choose, then rate; every answer is sent with its own
// Idempotency-Key (see api.py), so a retry never records it twice.
(() => {
  const box = document.getElementById("quiz"), actions = document.getElementById("actions");
  const keys = document.getElementById("keys"), status = document.getElementById("status");
  const mode = box.dataset.mode, target = box.dataset.target, tag = box.dataset.tag;
  const csrf = document.querySelector('meta[name="csrf-token"]').content;
  const NAMES = {1: "Again", 2: "Hard", 3: "Good", 4: "Easy"};
  let card = null, stage = "", suggested = 3, typed = null, started = 0, done = 0;
  let intervals = {}, choices = [], fewer = "", asked = mode;  // asked: how this card is
  const last = document.getElementById("last");

  // One key per answer: a retry after a dropped connection is recorded once.
  const newKey = () => Array.from(crypto.getRandomValues(new Uint8Array(16)),
                                  (b) => b.toString(16).padStart(2, "0")).join("");
  const api = async (path, body, key) => {
    const headers = {"Content-Type": "application/json", "X-CSRF-Token": csrf};
    if (key) headers["Idempotency-Key"] = key;
    const request = body === undefined ? {} : {method: "POST", body: JSON.stringify(body), headers};
    for (let attempt = 0; ; attempt++) {
      let response;
      try {
        response = await fetch(path, request);
      } catch (error) {  // no reply: safe to send again only with a key
        if (!key || attempt >= 4) throw error;
        await new Promise((done) => setTimeout(done, 500 * 2 ** attempt));
        continue;
      }
      if (!response.ok) {
        const problem = await response.json();
        throw new Error(problem.detail || problem.title);
      }
      return response.json();
    }
  };
  const el = (tag, attrs = {}, html = "") => Object.assign(document.createElement(tag), attrs, html ? {innerHTML: html} : {});
  const escape = (text) => el("span", {textContent: text}).innerHTML;
  const failed = (error) => { status.textContent = `Something went wrong: ${error.message}`; };
  const button = (text, attrs, onClick) => {
    const made = el("button", {type: "button", ...attrs}, text);
    made.addEventListener("click", onClick);
    return made;
  };

  function showCounts(counts) {
    for (const name of ["new", "learning", "review"])
      document.getElementById(`count-${name}`).textContent = counts[name];
  }

  async function next() {
    const data = await api(`/api/next?mode=${mode}&target=${encodeURIComponent(target)}&tag=${encodeURIComponent(tag)}`);
    card = data.card; typed = null; if (card) card.key = newKey(); suggested = 3; started = Date.now();
    intervals = data.intervals; choices = data.choices; fewer = data.fewer; asked = data.asked;
    showCounts(data.counts); status.textContent = "";
    box.replaceChildren(); actions.replaceChildren();
    if (!card) {
      box.textContent = "Nothing to review now."; box.removeAttribute("lang");
      keys.textContent = ""; stage = ""; return;
    }
    box.lang = card.lang;
    box.append(el("div", {className: "meta"}, escape(`${card.deck} › ${card.context} [${card.kind}]`)),
               el("div", {className: "front"}, card.front_html));
    if (data.early)  // learn-ahead: said, not hidden
      box.append(el("p", {className: "early", lang: "en"}, escape(`Asked early: due in ${data.early} (learn-ahead).`)));
    if (mode === "type" && asked === "flip") {
      box.append(el("p", {className: "note", lang: "en"}, "A long answer, not typed: recall it, then show the answer."));
      front();
    } else if (asked === "type") typing(data.typing);
    else if (asked === "choice") choosing();
    else {  // flip, or a card with no choices (e.g. its answer states a disputed claim)
      if (mode === "choice" && fewer) box.append(el("p", {className: "meta fewer", lang: "en"}, escape(`(${fewer})`)));
      front();
    }
  }

  function front() {
    stage = "front";
    actions.append(button("Show answer", {id: "show", className: "primary wide", ariaKeyShortcuts: "Space"}, reveal));
    keys.textContent = "Space: show answer";
  }

  function typing(how) {
    const form = el("form", {id: "typed"});
    const label = el("label", {htmlFor: "answer", lang: "en"}, "Your answer");
    const input = el("input", {id: "answer", type: "text", autocomplete: "off", autocapitalize: "off", spellcheck: false, enterKeyHint: "done"});
    const check = button("Check", {id: "check", className: "primary", lang: "en"}, () => checkTyped(input, check));
    const field = el("div", {className: "field"});
    field.append(input, check); form.append(label, field); box.append(form);
    form.addEventListener("submit", (e) => e.preventDefault());  // Enter is handled below
    // Enter while a syllable is being composed (Hangul, kana...) only ends the composition;
    // the next Enter checks. Safari fires compositionend before that keydown: keyCode 229.
    let composing = false;
    input.addEventListener("compositionstart", () => { composing = true; });
    input.addEventListener("compositionend", () => { composing = false; });
    input.addEventListener("keydown", (e) => {
      if (e.key !== "Enter" || e.isComposing || composing) return;
      e.preventDefault();
      if (e.keyCode !== 229) checkTyped(input, check);
    });
    if (how === "terms") label.textContent = "Your answer (its key terms count)";
    input.focus(); stage = "typing"; keys.textContent = "Enter: check";
  }

  async function checkTyped(input, check) {
    if (stage !== "typing") return;
    stage = "checking"; typed = input.value; input.disabled = check.disabled = true;
    try {
      const graded = await api("/api/grade", {card_id: card.id, answer: typed});
      suggested = graded.suggested_rating;
      const side = (shown, mark) => graded.diff.filter(([op]) => op === "equal" || op === shown)
        .map(([op, text]) => op === "equal" ? escape(text) : `<${mark}>${escape(text)}</${mark}>`).join("");
      const yours = side("delete", "del") || '<span class="muted">(nothing)</span>';
      const grade = el("div", {className: "grade"});
      const lines = el("dl");
      if (graded.terms) {  // graded on key terms: which were missing, not a diff
        const found = graded.terms - graded.missing.length;
        grade.append(el("p", {}, `<strong>${escape(graded.verdict)}</strong> · ${found} of ${graded.terms} key terms`));
        if (graded.missing.length)
          lines.append(el("dt", {lang: "en"}, "missing"), el("dd", {className: "missing"}, graded.missing.map((t) => `<ins>${escape(t)}</ins>`).join(", ")));
      } else {
        grade.append(el("p", {}, `<strong>${escape(graded.verdict)}</strong> · ${Math.round(graded.similarity * 100)}% alike`));
        lines.append(el("dt", {lang: "en"}, "your answer"), el("dd", {className: "yours"}, yours),
                     el("dt", {lang: "en"}, "expected"), el("dd", {className: "expected"}, side("insert", "ins")));
      }
      grade.append(lines); check.remove(); box.append(grade);
      reveal();
    } catch (error) {
      stage = "typing"; input.disabled = check.disabled = false; failed(error);
    }
  }

  function choosing() {
    const list = el("ol", {className: "choices"});
    choices.forEach((choice, n) => {
      const item = el("li");
      item.append(button("", {className: "choice", textContent: choice, ariaKeyShortcuts: String(n + 1)}, () => choose(n)));
      list.append(item);
    });
    box.append(list);
    if (fewer) box.append(el("p", {className: "meta fewer", lang: "en"}, escape(`(${fewer})`)));
    stage = "choosing"; keys.textContent = `1-${choices.length}: choose`;
  }

  function choose(n) {
    if (stage !== "choosing" || choices[n] === undefined) return;
    const right = choices[n] === card.back; suggested = right ? 3 : 1;
    box.querySelectorAll("ol.choices button").forEach((b, i) => {
      b.disabled = true;
      if (choices[i] === card.back) b.classList.add("right");
      else if (i === n) b.classList.add("wrong");
    });
    const at = choices.indexOf(card.back) + 1;
    const said = right ? `<strong class="right">${n + 1} is right</strong>`
      : `<strong class="wrong">${n + 1} is wrong</strong>; the right one is <strong class="right">${at}</strong>: `;
    const verdict = el("p", {className: "grade picked", lang: "en"}, said);
    if (!right) verdict.append(el("span", {lang: card.lang, textContent: card.back}));
    box.append(verdict);
    reveal();
  }

  function reveal() {
    if (stage !== "front" && stage !== "checking" && stage !== "choosing") return;
    actions.replaceChildren();
    box.append(el("div", {className: "answer"}, "<strong lang=\"en\">answer</strong>" + card.back_html));
    if (card.more_html) box.append(el("div", {className: "more meta"}, "<strong lang=\"en\">more</strong>" + card.more_html));
    for (const claim of card.claims) {  // what the note's checks say of the claims it states
      const item = el("details", {className: "readings", open: claim.verdict !== "verified"});
      item.append(el("summary", {}, `<span data-verdict="${escape(claim.verdict)}"></span>${escape(claim.text)}`));
      const list = el("ul");
      claim.readings.forEach((r) => list.append(el("li", {}, `<span data-verdict="${escape(r.verdict)}"></span><strong>${escape(r.check)}</strong> ${escape(r.reading)}`)));
      item.append(list); box.append(item);
    }
    const ratings = el("div", {className: "ratings", role: "group", ariaLabel: "How well did you remember it?"});
    for (const rating of [1, 2, 3, 4]) {
      const label = `<span class="name">${NAMES[rating]}</span><span class="ivl">${escape(intervals[rating] || "")}</span>`;
      const made = button(label, {className: rating === suggested ? "suggested" : "", ariaKeyShortcuts: String(rating)}, () => rate(rating));
      made.dataset.rating = rating;
      ratings.append(made);
    }
    actions.append(ratings);
    stage = "rating";
    keys.textContent = `1 Again · 2 Hard · 3 Good · 4 Easy · Enter: ${suggested}`;
  }

  async function rate(rating) {
    if (stage !== "rating") return;
    stage = "saving";
    actions.querySelectorAll("button").forEach((b) => { b.disabled = true; });
    try {
      const saved = await api("/api/reviews", {card_id: card.id, rating, mode: asked, answer: typed,
                                               elapsed_ms: Date.now() - started}, card.key);
      last.textContent = `${NAMES[rating]}: next in ${saved.wait}`;  // the wait applied
    } catch (error) {
      stage = "rating"; actions.querySelectorAll("button").forEach((b) => { b.disabled = false; });
      return failed(error);
    }
    done += 1;
    await next().catch(failed);
    document.getElementById("done").textContent = done;  // counted once the next card is up
  }

  document.addEventListener("keydown", (e) => {
    if (e.target.id === "answer" || e.altKey || e.ctrlKey || e.metaKey) return;
    const activates = e.key === " " || e.key === "Enter";
    if (activates && e.target.closest("button, a, summary, input")) return;  // its own action
    if (stage === "front" && activates) { e.preventDefault(); reveal(); }
    else if (stage === "choosing" && /^[1-9]$/.test(e.key)) choose(Number(e.key) - 1);
    else if (stage === "rating" && /^[1-4]$/.test(e.key)) rate(Number(e.key));
    else if (stage === "rating" && e.key === "Enter") rate(suggested);
  });
  next().catch((error) => { box.textContent = error.message; });
})();
