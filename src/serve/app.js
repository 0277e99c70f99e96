// concord's web checker, improved when JavaScript runs: drop a file on the page, see the
// results without leaving it, print them. Without JavaScript the form posts as usual.
"use strict";

function enhance() {
  const print = document.getElementById("print");
  if (print) {
    print.hidden = false;
    print.addEventListener("click", () => window.print());
  }
  const form = document.getElementById("check-form");
  const input = document.getElementById("file");
  const zone = document.getElementById("drop-zone");
  if (!form || !input || !zone) return;

  for (const type of ["dragenter", "dragover"]) {
    zone.addEventListener(type, (event) => {
      event.preventDefault();
      zone.classList.add("dragging");
    });
  }
  for (const type of ["dragleave", "drop"]) {
    zone.addEventListener(type, () => zone.classList.remove("dragging"));
  }
  zone.addEventListener("drop", (event) => {
    event.preventDefault();
    if (event.dataTransfer && event.dataTransfer.files.length > 0) {
      input.files = event.dataTransfer.files;
    }
  });

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const button = form.querySelector("button[type=submit]");
    button.disabled = true;
    button.textContent = "Checking…";
    try {
      const response = await fetch(form.action, { method: "POST", body: new FormData(form) });
      const page = new DOMParser().parseFromString(await response.text(), "text/html");
      document.title = page.title;
      document.querySelector("main").replaceWith(page.querySelector("main"));
      enhance();
      const focus = document.getElementById("results-heading") || document.getElementById("error-summary");
      if (focus) focus.focus();
    } catch (error) {
      // The network failed: fall back to the plain form post.
      form.submit();
    }
  });
}

document.addEventListener("DOMContentLoaded", enhance);
