// Small progressive enhancements. No inline scripts anywhere (CSP-friendly).
document.addEventListener("htmx:afterSwap", (event) => {
  // Move focus to a swapped-in region that asks for it (keyboard and screen-reader users).
  const target = event.detail.target;
  if (target && target.dataset && target.dataset.focusAfterSwap !== undefined) {
    target.focus({ preventScroll: true });
  }
});
