// Check-in at the door: post the tap with fetch, mark the row and update the running counts without a reload.
// Without JavaScript the forms post normally and the page reloads.
document.addEventListener("submit", async (event) => {
  const form = event.target.closest(".checkin-form");
  if (!form) return;
  event.preventDefault();
  const button = form.querySelector("button");
  button.disabled = true;
  try {
    const response = await fetch(window.location.pathname, {
      method: "POST",
      body: new FormData(form),
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    });
    if (!response.ok) throw new Error(String(response.status));
    const data = await response.json();
    for (const [name, value] of Object.entries(data.counts)) {
      const cell = document.querySelector(`[data-count="${name}"]`);
      if (cell) cell.textContent = value;
    }
    form.replaceWith(document.getElementById("checked-in-label").content.cloneNode(true));
    const search = document.getElementById("checkin-q");
    if (search) { search.select(); search.focus(); }
  } catch (error) {
    form.submit();
  }
});
