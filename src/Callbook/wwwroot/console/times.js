// Dates arrive as ISO UTC in <time datetime>; show them in the browser's own time zone.
const format = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

export function formatTimes(root) {
  root.querySelectorAll("time[datetime]").forEach((time) => {
    const date = new Date(time.getAttribute("datetime"));
    if (Number.isNaN(date.getTime())) return;
    time.title = time.getAttribute("datetime");
    time.textContent = format.format(date);
  });
}
