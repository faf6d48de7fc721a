// Search as you type: fetch the results fragment (?handler=Rows) 250 ms after the last key,
// drop answers that arrive out of order, keep the address bar in step. The form still submits.
import { formatTimes } from "./times.js";

export function liveSearch(form) {
  const results = document.getElementById("results");
  const rowsUrl = new URL(form.dataset.liveSearch, location.href);
  let timer = 0;
  let latest = 0;

  async function refresh() {
    const params = new URLSearchParams(new FormData(form));
    if (!params.get("q")) params.delete("q");
    const url = new URL(rowsUrl.pathname, location.href);
    params.forEach((value, key) => url.searchParams.set(key, value));
    url.searchParams.set("handler", "Rows");
    const ticket = ++latest;
    results.setAttribute("aria-busy", "true");
    try {
      const response = await fetch(url, { headers: { Accept: "text/html" }, credentials: "same-origin" });
      if (ticket !== latest) return;
      if (response.redirected && response.url.includes("/console/signin")) {
        location.href = response.url;
        return;
      }
      results.innerHTML = await response.text();
      formatTimes(results);
      url.searchParams.delete("handler");
      history.replaceState(null, "", url.pathname + url.search);
    } finally {
      if (ticket === latest) results.removeAttribute("aria-busy");
    }
  }

  form.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(refresh, 250);
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(timer);
    refresh();
  });
}
