// A login link is /login#CODE: the code stays in the browser (a fragment is never sent
// to the server, so it is in no log). Fill the form with it and drop it from the address
// bar. Logged out, send it asking whose it is: the server answers with the account it
// opens and a button to log in. When someone else is logged in here, this page asks.
(() => {
  const form = document.getElementById("login");
  const fromLink = () => {
    const code = decodeURIComponent(location.hash.slice(1));
    if (!code || !form) return;
    history.replaceState(null, "", location.pathname);
    form.elements.code.value = code;
    if (!form.dataset.ask) {
      form.elements.ask.value = "1";
      form.submit();
    }
  };
  window.addEventListener("hashchange", fromLink);  // a link opened on this very page
  fromLink();
})();
