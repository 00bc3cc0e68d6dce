// Small progressive enhancements; every page works without JavaScript.
document.addEventListener("change", (event) => {
  const target = event.target;
  if (target instanceof HTMLSelectElement && target.classList.contains("zw-autosubmit")) {
    target.form.requestSubmit();
  }
});
document.documentElement.classList.add("zw-js");
document.addEventListener("click", (event) => {
  if (event.target instanceof Element && event.target.closest(".zw-print")) {
    window.print();
  }
});
// A search box that narrows long lists (a profile's items, a picker's options) as you type:
// rows or options whose text does not contain every typed word are hidden.
const zwWords = (text) => text.toLowerCase().split(/\s+/).filter(Boolean);
document.addEventListener("input", (event) => {
  const box = event.target;
  if (!(box instanceof HTMLInputElement)) return;
  const words = zwWords(box.value);
  const matches = (text) => words.every((word) => text.toLowerCase().includes(word));
  if (box.dataset.filterRows) {
    for (const row of document.querySelectorAll(box.dataset.filterRows)) {
      row.hidden = !matches(row.dataset.filterText || row.textContent || "");
    }
  }
  if (box.dataset.filterSelect) {
    const select = document.getElementById(box.dataset.filterSelect);
    if (!(select instanceof HTMLSelectElement)) return;
    for (const option of select.options) {
      if (option.value === "" || option.selected) continue;
      option.hidden = !matches(option.textContent || "");
    }
    for (const group of select.querySelectorAll("optgroup")) {
      group.hidden = [...group.children].every((option) => option.hidden);
    }
  }
});
// A list page's filters (core/_filter_fold.html: a form, or the search page's facets) show on
// a wide screen through CSS (::details-content); a browser without it gets the disclosure
// opened here instead.
const zwWide = window.matchMedia("(min-width: 48.0625rem)");
if (zwWide.matches && !CSS.supports("selector(::details-content)")) {
  for (const details of document.querySelectorAll("details.zw-filter-fold")) details.open = true;
}
