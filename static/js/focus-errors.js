// Forms marked data-focus-errors: after the server answers with errors, put the keyboard
// focus on the first field in error (aria-invalid), so it is read out and can be fixed at
// once. Runs on page load and after an htmx swap. No inline scripts (strict CSP).
// (Scoped in a function: app.js has a global of the same purpose for the recommendation
// and status forms, which must not be replaced.)
(() => {
  function focusFirstInvalid(root) {
    const form = (root || document).querySelector("form[data-focus-errors]");
    if (!form) return;
    const invalid = form.querySelector('[aria-invalid="true"]');
    if (invalid && document.activeElement !== invalid) invalid.focus();
  }
  document.addEventListener("DOMContentLoaded", () => focusFirstInvalid(document));
  document.addEventListener("htmx:afterSwap", (event) => focusFirstInvalid(event.detail.target));
})();
