// KPI print view: a button that opens the browser's print dialog (the page prints without it too).
document.addEventListener("click", (event) => {
  if (event.target.closest("[data-print]")) {
    window.print();
  }
});
