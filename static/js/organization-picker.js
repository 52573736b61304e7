// The organisation picker (templates/_macros/organization_picker.html) as a combobox: the
// search box asks the server as the user types and lists the best matches; arrows move,
// Enter picks, Escape closes. A hidden input sends the chosen id under the field's own name.
// Without JavaScript the macro's short select and its 「検索」 step do the same job.
(() => {
  let serial = 0;

  const element = (tag, attributes = {}, text = "") => {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
    if (text) node.textContent = text;
    return node;
  };

  const hidden = (name, value) => element("input", { type: "hidden", name, value });

  const enhance = (root) => {
    const select = root.querySelector("select");
    const input = root.querySelector("input[type=search]");
    if (!select || !input) return;
    serial += 1;
    const url = root.dataset.organizationPicker;
    const multiple = select.multiple;
    const name = select.name;
    const creating = root.dataset.new && root.closest("form[method=post]");
    const chosen = [...select.selectedOptions]
      .filter((option) => option.value)
      .map((option) => ({ id: option.value, name: option.textContent.trim() }));

    const label = document.querySelector(`label[for="${select.id}"]`);
    const searchLabel = document.querySelector(`label[for="${input.id}"]`);
    if (label) {
      label.htmlFor = input.id;
      input.removeAttribute("aria-label");
    }
    if (searchLabel) searchLabel.remove();
    for (const node of root.querySelectorAll(".picker-search button, .picker-new, [role=status]")) {
      node.remove();
    }
    const listId = `org-picker-list-${serial}`;
    const list = element("ul", { id: listId, role: "listbox", class: "picker-list" });
    list.hidden = true;
    const status = element("p", { class: "hint picker-status", "aria-live": "polite" });
    input.removeAttribute("name");
    input.placeholder = "名称・カナ・法人番号を入力";
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listId);
    if (select.getAttribute("aria-describedby")) {
      input.setAttribute("aria-describedby", select.getAttribute("aria-describedby"));
      input.setAttribute("aria-invalid", "true");
    }
    const box = element("div", { class: "picker-box" });
    input.before(box);
    box.append(input, list);
    box.after(status);

    let single = null;
    let chips = null;
    if (multiple) {
      chips = element("ul", { class: "picker-chosen", "aria-label": "選んだ企業・団体" });
      box.before(chips);
    } else {
      single = hidden(name, chosen[0] ? chosen[0].id : "");
      box.before(single);
      input.value = chosen[0] ? chosen[0].name : "";
    }
    select.remove();

    const addChip = (item) => {
      if (chips.querySelector(`input[value="${item.id}"]`)) return;
      const chip = element("li", {}, item.name);
      const remove = element("button", {
        type: "button",
        class: "link",
        "aria-label": `「${item.name}」を外す`,
      }, "×");
      remove.addEventListener("click", () => {
        chip.remove();
        status.textContent = `「${item.name}」を外しました。`;
        input.focus();
      });
      chip.append(" ", remove, hidden(name, item.id));
      chips.append(chip);
    };
    if (multiple) chosen.forEach(addChip);

    let current = chosen[0] || null;
    let items = [];
    let noMatch = "";
    let searchable = true;
    let shown = [];
    let active = -1;
    let timer = null;
    let asked = null;

    const close = () => {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    };

    const choose = (item) => {
      close();
      if (multiple) {
        addChip(item);
        input.value = "";
      } else {
        current = item;
        single.value = item.id;
        input.value = item.name;
      }
      status.textContent = `「${item.name}」を選びました。`;
    };

    const highlight = (index) => {
      const options = list.querySelectorAll("[role=option]");
      if (!options.length) return;
      active = (index + options.length) % options.length;
      options.forEach((option, n) => option.setAttribute("aria-selected", String(n === active)));
      input.setAttribute("aria-activedescendant", options[active].id);
      options[active].scrollIntoView({ block: "nearest" });
    };

    const show = (typed) => {
      list.replaceChildren();
      const entries = items.map((item) => ({ item, text: item.name, detail: item.detail }));
      if (creating && typed && searchable) {
        entries.push({ create: typed, text: `「${typed}」を新しく登録…` });
      }
      shown = entries;
      entries.forEach((entry, n) => {
        const option = element("li", {
          id: `${listId}-${n}`,
          role: "option",
          "aria-selected": "false",
          class: entry.create ? "picker-create" : "",
        }, entry.text);
        if (entry.detail) option.append(" ", element("span", { class: "hint" }, entry.detail));
        option.addEventListener("mousedown", (event) => {
          event.preventDefault(); // keep the focus in the box
          pick(entry);
        });
        list.append(option);
      });
      list.hidden = entries.length === 0;
      input.setAttribute("aria-expanded", String(!list.hidden));
      status.textContent = items.length
        ? `候補 ${items.length}件。上下の矢印キーで選び、Enterで決定します。`
        : noMatch || `「${typed}」に一致する企業・団体はありません。`;
    };

    const ask = () => {
      const typed = input.value.trim();
      if (!typed) {
        items = [];
        close();
        return;
      }
      asked = typed;
      fetch(`${url}?q=${encodeURIComponent(typed)}`, {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      })
        .then((response) => (response.ok ? response.json() : Promise.reject(response.status)))
        .then((body) => {
          if (asked !== typed) return;
          items = body.items;
          noMatch = body.message || "";
          searchable = body.searchable !== false;
          show(typed);
        })
        .catch(() => {
          status.textContent = "候補を取得できませんでした。";
        });
    };

    const pick = (entry) => {
      if (entry.create) openDialog(root, entry.create, choose);
      else choose(entry.item);
    };

    input.addEventListener("input", () => {
      if (!multiple && !input.value.trim()) {
        current = null;
        single.value = "";
      }
      clearTimeout(timer);
      timer = setTimeout(ask, 200);
    });
    input.addEventListener("keydown", (event) => {
      const open = !list.hidden;
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        if (!open) {
          ask();
          return;
        }
        highlight(active + (event.key === "ArrowDown" ? 1 : -1));
      } else if (event.key === "Enter" && open) {
        event.preventDefault();
        if (active >= 0 && shown[active]) {
          pick(shown[active]);
        } else if (items.length === 1) {
          choose(items[0]);
        }
      } else if (event.key === "Escape" && open) {
        event.preventDefault();
        close();
        if (!multiple && current) input.value = current.name;
      }
    });
    input.addEventListener("blur", () => {
      close();
      if (multiple) return;
      if (!input.value.trim()) {
        current = null;
        single.value = "";
      } else if (!current || input.value !== current.name) {
        input.value = current ? current.name : "";
        status.textContent = current
          ? `候補から選ばなかったため「${current.name}」のままです。`
          : "候補から選んでください。";
      }
    });
  };

  // "Register a new one" without leaving the form: a small dialog outside the form being
  // filled, sent to the organisations service as JSON (its duplicate rules included).
  const openDialog = (root, typed, choose) => {
    const form = root.closest("form");
    const token = form && form.querySelector("input[name=csrf_token]");
    const kinds = JSON.parse(root.dataset.kinds || "{}");
    const dialog = element("dialog", { class: "picker-dialog", "aria-labelledby": "picker-dialog-title" });
    const inner = element("form", { method: "dialog", class: "record-form" });
    const title = element("h2", { id: "picker-dialog-title" }, "企業・団体の新規登録");
    const nameField = element("input", { id: "picker-new-name", maxlength: "200", required: "" });
    nameField.value = typed;
    const kind = element("select", { id: "picker-new-kind" });
    kind.append(element("option", { value: "" }, "選択してください"));
    for (const [code, text] of Object.entries(kinds)) kind.append(element("option", { value: code }, text));
    const inCity = element("input", { id: "picker-new-in-city", type: "checkbox" });
    const errors = element("div", { class: "picker-errors", role: "alert" });
    const save = element("button", { type: "submit", class: "button primary" }, "登録して選ぶ");
    const cancel = element("button", { type: "button", class: "button" }, "キャンセル");
    const row = (labelText, control) => {
      const field = element("div", { class: "field" });
      field.append(element("label", { for: control.id }, labelText), control);
      return field;
    };
    const check = element("div", { class: "field field-check" });
    check.append(inCity, " ", element("label", { for: inCity.id }, "市内"));
    const actions = element("div", { class: "actions" });
    actions.append(save, cancel);
    inner.append(title, row("名称", nameField), row("種別", kind), check, errors, actions);
    dialog.append(inner);
    document.body.append(dialog);
    const done = () => {
      dialog.close();
      dialog.remove();
      root.querySelector("input[role=combobox]").focus();
    };
    cancel.addEventListener("click", done);
    dialog.addEventListener("cancel", (event) => {
      event.preventDefault();
      done();
    });
    inner.addEventListener("submit", (event) => {
      event.preventDefault();
      errors.replaceChildren();
      fetch(root.dataset.new, {
        method: "POST",
        credentials: "same-origin",
        headers: {
          "Content-Type": "application/json",
          Accept: "application/json",
          "X-CSRFToken": token ? token.value : "",
        },
        body: JSON.stringify({ name: nameField.value, kind: kind.value, in_city: inCity.checked }),
      })
        .then((response) => response.json().then((body) => ({ status: response.status, body })))
        .then(({ status, body }) => {
          if (status === 201) {
            done();
            choose(body);
            return;
          }
          const messages = Object.values(body.errors || {}).flat();
          for (const message of messages.length ? messages : ["登録できませんでした。"]) {
            errors.append(element("p", {}, message));
          }
          if (body.existing) {
            const existing = { id: String(body.existing.id), name: body.existing.name };
            const use = element("button", { type: "button", class: "button" }, `「${existing.name}」を選ぶ`);
            use.addEventListener("click", () => {
              done();
              choose(existing);
            });
            errors.append(use);
          }
        })
        .catch(() => errors.append(element("p", {}, "登録できませんでした。通信を確認してください。")));
    });
    dialog.showModal();
    nameField.focus();
  };

  const start = () => document.querySelectorAll("[data-organization-picker]").forEach(enhance);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
