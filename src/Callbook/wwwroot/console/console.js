// The console's small progressive enhancements. Every page works without them.
import { formatTimes } from "./times.js";
import { liveSearch } from "./search.js";
import { uploadWithProgress } from "./upload.js";

export function enhance(root) {
  formatTimes(root);
  root.querySelectorAll("form[data-live-search]").forEach(liveSearch);
  root.querySelectorAll("form[data-upload-progress]").forEach((form) => uploadWithProgress(form, enhance));
  root.querySelectorAll("[data-confirm]").forEach((button) =>
    button.addEventListener("click", (event) => {
      if (!window.confirm(button.dataset.confirm)) event.preventDefault();
    }));
}

enhance(document);
