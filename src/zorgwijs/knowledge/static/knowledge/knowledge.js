// Knowledge spaces: nothing runs without a reason. The editor warns before leaving with
// unsaved changes, so a long text is not lost by a stray click.
document.addEventListener("DOMContentLoaded", () => {
  const editor = document.querySelector(".zw-editor");
  if (!editor) return;
  let dirty = false;
  editor.addEventListener("input", () => { dirty = true; });
  editor.form.addEventListener("submit", () => { dirty = false; });
  window.addEventListener("beforeunload", (event) => {
    if (dirty) event.preventDefault();
  });
});
