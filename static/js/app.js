// Small progressive enhancements. No inline scripts anywhere (CSP-friendly).
document.addEventListener("htmx:afterSwap", (event) => {
  // Move focus to a swapped-in region that asks for it (keyboard and screen-reader users).
  const target = event.detail.target;
  if (target && target.dataset && target.dataset.focusAfterSwap !== undefined) {
    target.focus({ preventScroll: true });
  }
});

// Forms: a 422 answer carries the form re-rendered with its errors; swap it like a success.
document.addEventListener("htmx:beforeSwap", (event) => {
  if (event.detail.xhr.status === 422) {
    event.detail.shouldSwap = true;
    event.detail.isError = false;
  }
});

// Filter forms (data-sync-url): after back/forward restores a page from htmx's history
// cache, set the controls from the address, since the snapshot keeps the results but not
// what was ticked or typed.
function syncFormsWithUrl() {
  const params = new URLSearchParams(window.location.search);
  document.querySelectorAll("form[data-sync-url]").forEach((form) => {
    for (const el of form.elements) {
      if (!el.name || el.type === "submit" || el.type === "hidden") continue;
      const values = params.getAll(el.name);
      if (el.type === "checkbox" || el.type === "radio") {
        el.checked = values.includes(el.value);
      } else {
        el.value = values.length ? values[0] : (el.dataset.default || "");
      }
    }
  });
}
document.addEventListener("htmx:historyRestore", syncFormsWithUrl);
window.addEventListener("pageshow", syncFormsWithUrl);

// Forms marked data-submit-once ignore a second submit while the first is on its way
// (the server also refuses duplicates; this just saves a round trip).
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (!form.matches || !form.matches("form[data-submit-once]")) return;
  if (form.dataset.submitting) {
    event.preventDefault();
    return;
  }
  form.dataset.submitting = "1";
});
window.addEventListener("pageshow", () => {
  document.querySelectorAll("form[data-submit-once]").forEach((f) => delete f.dataset.submitting);
});

// Keyboard shortcuts on forms marked data-shortcuts (the hint is shown on the form):
// Ctrl+Enter (Cmd+Enter on a Mac) presses the data-shortcut="save" button,
// Ctrl+Shift+Enter the data-shortcut="another" one ("save and add another").
document.addEventListener("keydown", (event) => {
  if (event.key !== "Enter" || !(event.ctrlKey || event.metaKey) || event.altKey) return;
  const active = document.activeElement;
  const form = (active && active.closest && active.closest("form[data-shortcuts]"))
    || document.querySelector("form[data-shortcuts]");
  if (!form) return;
  const button = form.querySelector(`[data-shortcut="${event.shiftKey ? "another" : "save"}"]`);
  if (!button) return;
  event.preventDefault();
  form.requestSubmit(button);
});

// Forms marked data-focus-first-error: after a submit with errors, focus the first field
// in error (its error is tied to it by aria-describedby, so it is read out); otherwise a
// warning that needs an answer (#duplicates), otherwise the data-autofocus field.
function focusFirstError(form, autofocus) {
  const field = form.querySelector(".has-error");
  const control = field && field.querySelector("input:not([type=hidden]), select, textarea");
  if (control) {
    control.focus();
    return;
  }
  const warning = form.querySelector("#duplicates, #conflict");
  if (warning) {
    warning.focus();
    return;
  }
  const first = autofocus && form.dataset.autofocus && form.querySelector(`#${form.dataset.autofocus}`);
  if (first) first.focus();
}
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("form[data-focus-first-error]").forEach((f) => focusFirstError(f, true));
});
// A whole form posted by htmx and swapped back (the status form): the same, on the new copy.
// (Not after an on-blur check of one field: that would pull focus back while tabbing on.)
document.addEventListener("htmx:afterSettle", (event) => {
  const elt = event.detail.requestConfig && event.detail.requestConfig.elt;
  if (!elt || elt.tagName !== "FORM" || !elt.id) return;
  const form = document.getElementById(elt.id);
  if (form && form.matches("[data-focus-first-error]")) focusFirstError(form, false);
});
