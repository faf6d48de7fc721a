// Send the import form with XMLHttpRequest to show upload progress, then show the answer page.
export function uploadWithProgress(form, enhance) {
  const progress = form.querySelector("progress");
  const status = form.querySelector("[role=status]");
  form.addEventListener("submit", (event) => {
    if (!form.reportValidity()) return;
    event.preventDefault();
    // The server answers 413 too; this spares the user an upload it would refuse.
    const input = form.querySelector("input[type=file][data-max-bytes]");
    if (input?.files[0] && input.files[0].size > Number(input.dataset.maxBytes)) {
      status.textContent = `The file is larger than the limit: a file may be at most ${input.dataset.maxSize}. Choose a smaller file.`;
      return;
    }
    const button = form.querySelector("button[type=submit]");
    button.disabled = true;
    progress.hidden = false;
    progress.value = 0;
    status.textContent = "Uploading…";
    const xhr = new XMLHttpRequest();
    xhr.open("POST", form.action || location.href);
    xhr.responseType = "document";
    xhr.upload.addEventListener("progress", (e) => {
      if (!e.lengthComputable) return;
      progress.value = Math.round((e.loaded / e.total) * 100);
      status.textContent = `Uploading… ${progress.value}%`;
    });
    xhr.upload.addEventListener("load", () => {
      progress.removeAttribute("value");
      status.textContent = "Uploaded; importing…";
    });
    xhr.addEventListener("load", () => {
      if (!xhr.response || !xhr.response.body) {
        location.reload();
        return;
      }
      document.title = xhr.response.title;
      document.body.replaceWith(document.adoptNode(xhr.response.body));
      enhance(document);
      document.getElementById("import-outcome")?.focus?.();
    });
    xhr.addEventListener("error", () => {
      button.disabled = false;
      progress.hidden = true;
      status.textContent = "The upload failed: check the connection and try again.";
    });
    xhr.send(new FormData(form));
  });
}
