// 交办: the +7 / +15 / +30 buttons set the deadline that many days from today. Delegated, so
// it works for a panel htmx swaps in later.
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-add-days]");
  if (!button) return;
  const input = button.closest("form").querySelector("input[name=deadline]");
  const day = new Date(`${input.dataset.today}T00:00:00`);
  day.setDate(day.getDate() + Number(button.dataset.addDays));
  const pad = (n) => String(n).padStart(2, "0");
  input.value = `${day.getFullYear()}-${pad(day.getMonth() + 1)}-${pad(day.getDate())}`;
});
