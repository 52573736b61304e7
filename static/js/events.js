// Search-as-you-type over any multi-select marked data-filterable (an event's roster,
// whose choices the server bounds). Without JavaScript the plain multi-select still
// works, with the roster's server-side search (?q=).
(() => {
  const enhance = (select) => {
    const input = document.createElement("input");
    input.type = "search";
    input.className = "roster-search";
    input.placeholder = select.dataset.filterable || "絞り込む";
    input.setAttribute("aria-label", input.placeholder);
    input.setAttribute("aria-controls", select.id);
    const status = document.createElement("p");
    status.className = "hint";
    status.setAttribute("aria-live", "polite");
    const update = () => {
      const words = input.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
      let shown = 0;
      for (const option of select.options) {
        const text = option.textContent.toLowerCase();
        const match = words.every((word) => text.includes(word));
        option.hidden = !match && !option.selected;
        if (!option.hidden) shown += 1;
      }
      const chosen = select.selectedOptions.length;
      status.textContent = `${shown}件を表示中・${chosen}件を選択中`;
    };
    input.addEventListener("input", update);
    input.addEventListener("keydown", (event) => {
      if (event.key === "Enter") event.preventDefault();
    });
    select.addEventListener("change", update);
    select.before(input);
    select.after(status);
    update();
  };
  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll("select[data-filterable]").forEach(enhance);
  });
})();
