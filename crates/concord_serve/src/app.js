// concord's web checker, improved when JavaScript runs: drop a file on the page, see the
// results without leaving it, print them, and download the file just checked with comments.
// Without JavaScript the form posts as usual.
"use strict";

// The document last sent, so its copy with comments can be asked for from the results.
let lastFile = null;

// Posts `data` to /annotate and saves the review copy it returns; anything else (nothing to
// change, a problem) is a page, shown in place of the current one.
async function downloadReviewed(data, status) {
  const response = await fetch("/annotate", { method: "POST", body: data });
  const disposition = response.headers.get("Content-Disposition") || "";
  if (response.ok && disposition.startsWith("attachment")) {
    const match = /filename\*=UTF-8''([^;]+)/.exec(disposition);
    const name = match ? decodeURIComponent(match[1]) : "reviewed";
    const link = document.createElement("a");
    link.href = URL.createObjectURL(await response.blob());
    link.download = name;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 60000);
    const comments = response.headers.get("X-Concord-Comments");
    if (status) status.textContent = `Downloaded ${name} with ${comments} comment${comments === "1" ? "" : "s"}.`;
    return;
  }
  showPage(await response.text());
}

// Shows the <main> of `html` in place of this page's, and moves focus to its heading.
function showPage(html) {
  const page = new DOMParser().parseFromString(html, "text/html");
  document.title = page.title;
  document.querySelector("main").replaceWith(page.querySelector("main"));
  enhance();
  const focus = document.getElementById("results-heading") || document.getElementById("error-summary");
  if (focus) focus.focus();
}

function enhance() {
  const print = document.getElementById("print");
  if (print) {
    print.hidden = false;
    print.addEventListener("click", () => window.print());
  }
  const review = document.getElementById("review-copy");
  const reviewButton = document.getElementById("download-reviewed");
  if (review && reviewButton && lastFile) {
    review.hidden = false;
    reviewButton.addEventListener("click", async () => {
      const data = new FormData();
      data.append("file", lastFile);
      reviewButton.disabled = true;
      try {
        await downloadReviewed(data, document.getElementById("download-status"));
      } finally {
        reviewButton.disabled = false;
      }
    });
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
    const button = event.submitter || form.querySelector("button[type=submit]");
    const data = new FormData(form);
    lastFile = input.files.length > 0 ? input.files[0] : null;
    const label = button.textContent;
    button.disabled = true;
    try {
      if (button.getAttribute("formaction") === "/annotate") {
        button.textContent = "Preparing your copy…";
        await downloadReviewed(data, document.getElementById("annotate-status"));
      } else {
        button.textContent = "Checking…";
        showPage(await (await fetch(form.action, { method: "POST", body: data })).text());
      }
    } catch (error) {
      // The network failed: fall back to the plain form post, to the button's own address.
      form.action = button.getAttribute("formaction") || form.action;
      form.submit();
    } finally {
      button.disabled = false;
      button.textContent = label;
    }
  });
}

document.addEventListener("DOMContentLoaded", enhance);
