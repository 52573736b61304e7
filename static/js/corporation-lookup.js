// The organisation form's NTA lookup: typing a name or a corporate number offers
// candidates; choosing one fills the number, kana and address. Without JavaScript the
// form still works, and the page links to the lookup page (registry.lookup).
(() => {
  const form = document.querySelector("form[data-corporation-lookup]");
  if (!form) return;
  const url = form.dataset.corporationLookup;
  const fields = {
    name: form.querySelector("#name"),
    kana: form.querySelector("#name_kana"),
    number: form.querySelector("#corporate_number"),
    address: form.querySelector("#address"),
  };
  const list = document.createElement("ul");
  list.className = "lookup-results";
  list.setAttribute("aria-label", "法人番号公表サイトの候補");
  list.hidden = true;
  let timer = null;
  let asked = "";

  const choose = (item) => {
    if (fields.name && !fields.name.value.trim()) fields.name.value = item.name;
    if (fields.number) fields.number.value = item.corporate_number;
    if (fields.kana && item.furigana) fields.kana.value = item.furigana;
    if (fields.address && item.address) fields.address.value = item.address;
    list.hidden = true;
  };

  const show = (items, anchor) => {
    list.replaceChildren();
    for (const item of items) {
      const entry = document.createElement("li");
      const button = document.createElement("button");
      button.type = "button";
      button.className = "link";
      const closed = item.close_date || item.close_cause ? "(閉鎖)" : "";
      button.textContent = `${item.name}${closed} ${item.corporate_number} ${item.address}`;
      button.addEventListener("click", () => choose(item));
      entry.append(button);
      list.append(entry);
    }
    list.hidden = items.length === 0;
    anchor.closest(".field").append(list);
  };

  const ask = (input) => {
    const typed = input.value.trim();
    if (typed.length < 3 || typed === asked) return;
    asked = typed;
    fetch(`${url}?q=${encodeURIComponent(typed)}`, { headers: { Accept: "application/json" } })
      .then((response) => (response.ok ? response.json() : { items: [] }))
      .then((body) => {
        if (asked === typed) show(body.items, input);
      })
      .catch(() => {
        list.hidden = true;
      });
  };

  for (const input of [fields.name, fields.number]) {
    if (!input) continue;
    input.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(() => ask(input), 250);
    });
  }
})();
