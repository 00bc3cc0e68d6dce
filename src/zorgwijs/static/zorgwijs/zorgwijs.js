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
