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
