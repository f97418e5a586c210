// A login link is /login#CODE: the code stays in the browser (a fragment is never sent
// to the server, so it is in no log). Fill the form with it, drop it from the address
// bar, and log in at once, unless someone else is logged in here: then the page asks.
(() => {
  const form = document.getElementById("login");
  const fromLink = () => {
    const code = decodeURIComponent(location.hash.slice(1));
    if (!code) return;
    history.replaceState(null, "", location.pathname);
    form.elements.code.value = code;
    if (!form.dataset.ask) form.submit();
  };
  window.addEventListener("hashchange", fromLink);  // a link opened on this very page
  fromLink();
})();
