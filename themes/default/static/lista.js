// Progressive enhancement of the partnership table on /partnerskap/:
// sorting by column and filtering. Without JavaScript the table is complete.
const table = document.getElementById("alla");
const form = document.querySelector(".lista-filter");
if (table && form) {
  const body = table.tBodies[0];
  const rows = Array.from(body.rows);
  const text = document.getElementById("filter-text");
  const status = document.getElementById("filter-status");
  const fokus = document.getElementById("filter-fokus");
  const count = document.getElementById("filter-antal");
  const collator = new Intl.Collator("sv");
  form.hidden = false;

  // "malmo" finds Malmö and "goteborg" Göteborg, as on /sok/.
  const fold = (t) => t.toLocaleLowerCase("sv").normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  const haystacks = new Map(rows.map((row) => [row, fold(row.textContent)]));

  // The filter lives in the URL, so a filtered list can be shared.
  const params = new URLSearchParams(location.search);
  text.value = params.get("q") ?? "";
  for (const [control, key] of [[status, "status"], [fokus, "fokus"]]) {
    const wanted = params.get(key);
    if (wanted && [...control.options].some((o) => o.value === wanted)) control.value = wanted;
  }
  const remember = () => {
    const next = new URLSearchParams();
    if (text.value.trim()) next.set("q", text.value.trim());
    if (status.value) next.set("status", status.value);
    if (fokus.value) next.set("fokus", fokus.value);
    const query = next.toString();
    history.replaceState(null, "", query ? `?${query}` : location.pathname);
  };

  const apply = () => {
    const words = fold(text.value).split(/\s+/).filter(Boolean);
    let shown = 0;
    for (const row of rows) {
      const haystack = haystacks.get(row);
      const visible =
        words.every((w) => haystack.includes(w)) &&
        (!status.value || row.dataset.status === status.value) &&
        (!fokus.value || row.dataset.fokus.split(" ").includes(fokus.value));
      row.hidden = !visible;
      if (visible) shown++;
    }
    count.textContent = `Visar ${shown} av ${rows.length} partnerskap`;
  };
  for (const control of [text, status, fokus]) {
    control.addEventListener("input", () => { apply(); remember(); });
  }
  form.addEventListener("submit", (e) => e.preventDefault());

  // Column headers become buttons that sort the table.
  const headers = Array.from(table.tHead.rows[0].cells);
  headers.forEach((th, column) => {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "sort";
    button.textContent = th.textContent;
    th.textContent = "";
    th.append(button);
    button.addEventListener("click", () => {
      const ascending = th.getAttribute("aria-sort") !== "ascending";
      headers.forEach((h) => h.removeAttribute("aria-sort"));
      th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      const key = (row) =>
        column === 3 ? row.dataset.start || "9999" : row.cells[column].textContent.trim();
      rows.sort((a, b) => (ascending ? 1 : -1) * collator.compare(key(a), key(b)));
      body.append(...rows);
    });
  });
  apply();
}
