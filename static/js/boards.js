// Boards: the "Print" link prints the current board (no inline script; CSP-friendly).
document.addEventListener("click", (event) => {
  const link = event.target.closest("[data-print]");
  if (link) {
    event.preventDefault();
    window.print();
  }
});
