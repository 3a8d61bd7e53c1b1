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
