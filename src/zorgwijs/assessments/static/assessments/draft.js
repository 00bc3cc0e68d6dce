// Offline-tolerant forms: everything typed in a form with data-draft-key is kept in this
// browser's localStorage while typing, restored when the page opens again (after a lost
// connection, a reload, a closed tab), and removed once the server confirms the submission
// (the next page carries data-draft-clear with the same key). Offline, sending is held back
// with a message instead of losing the page. The server stays the judge: every submission is
// scored or checked there, and a resend of the same submission is recognised (idempotent).
(() => {
  const PREFIX = "zorgwijs-draft:";
  const store = (() => {
    try {
      const probe = PREFIX + "probe";
      window.localStorage.setItem(probe, "1");
      window.localStorage.removeItem(probe);
      return window.localStorage;
    } catch {
      return null;
    }
  })();
  if (!store) return;

  document.querySelectorAll("[data-draft-clear]").forEach((el) => {
    store.removeItem(PREFIX + el.dataset.draftClear);
  });

  const fieldsOf = (form) =>
    Array.from(form.elements).filter(
      (el) => el.name && !["csrfmiddlewaretoken", "submission_token"].includes(el.name) && el.type !== "submit",
    );

  const save = (form) => {
    const data = {};
    for (const el of fieldsOf(form)) {
      if (el.type === "checkbox" || el.type === "radio") {
        if (el.checked) (data[el.name] ||= []).push(el.value);
        else data[el.name] ||= [];
      } else {
        data[el.name] = [el.value];
      }
    }
    store.setItem(PREFIX + form.dataset.draftKey, JSON.stringify({ savedAt: Date.now(), data }));
  };

  const restore = (form) => {
    const raw = store.getItem(PREFIX + form.dataset.draftKey);
    if (!raw) return false;
    let draft;
    try {
      draft = JSON.parse(raw);
    } catch {
      return false;
    }
    for (const el of fieldsOf(form)) {
      const values = draft.data[el.name];
      if (values === undefined) continue;
      if (el.type === "checkbox" || el.type === "radio") el.checked = values.includes(el.value);
      else if (values.length) el.value = values[0];
    }
    return true;
  };

  document.querySelectorAll("form[data-draft-key]").forEach((form) => {
    const notice = form.querySelector("[data-draft-notice]");
    // A page the server sent back with errors shows what was submitted: keep that.
    if (!form.hasAttribute("data-draft-fresh") && restore(form) && notice) notice.hidden = false;
    form.addEventListener("input", () => save(form));
    form.addEventListener("change", () => save(form));
    form.addEventListener("submit", (event) => {
      save(form);
      if (navigator.onLine === false) {
        event.preventDefault();
        const offline = form.querySelector("[data-offline-notice]");
        if (offline) offline.hidden = false;
      }
    });
  });
})();
