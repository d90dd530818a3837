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

  const apply = () => {
    const words = text.value.toLocaleLowerCase("sv").split(/\s+/).filter(Boolean);
    let shown = 0;
    for (const row of rows) {
      const haystack = row.textContent.toLocaleLowerCase("sv");
      const visible =
        words.every((w) => haystack.includes(w)) &&
        (!status.value || row.dataset.status === status.value) &&
        (!fokus.value || row.dataset.fokus.split(" ").includes(fokus.value));
      row.hidden = !visible;
      if (visible) shown++;
    }
    count.textContent = `Visar ${shown} av ${rows.length} partnerskap`;
  };
  for (const control of [text, status, fokus]) control.addEventListener("input", apply);
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
