// The list of events, one page at a time (the API's limit and offset): never thousands of rows
// in the page. Each row is a button: Enter or a click selects the event.

import { typeColour, typeLabel } from "./types.js";
import { actorText, dateText, el, formatNumber, placeText } from "./util.js";

export const PAGE_SIZE = 50;

function snippet(text, max = 170) {
  if (!text) return "";
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

export function typeBadge(type) {
  return el("span", { class: "type-badge", style: `--c:${typeColour(type)}` }, typeLabel(type));
}

export class EventList {
  constructor(element, { onSelect = () => {}, onPage = () => {} } = {}) {
    this.element = element;
    this.onSelect = onSelect;
    this.onPage = onPage;
    this.summary = el("p", { class: "list-summary", "aria-live": "polite" });
    this.items = el("ol", { class: "event-list" });
    this.prev = el("button", { type: "button", onclick: () => this.onPage(this.page - 1) }, "← Newer");
    this.next = el("button", { type: "button", onclick: () => this.onPage(this.page + 1) }, "Older →");
    this.pageLabel = el("span", { class: "page-label" });
    this.pager = el("nav", { class: "pager", "aria-label": "Pages of events" }, this.prev, this.pageLabel, this.next);
    element.replaceChildren(this.summary, this.items, this.pager);
    this.page = 1;
  }

  setLoading() {
    this.element.dataset.state = "loading";
    this.element.setAttribute("aria-busy", "true");
  }

  render(result, page, selectedId) {
    this.page = page;
    const { total, events, offset } = result;
    const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
    this.element.dataset.total = String(total);
    this.summary.textContent = total === 0
      ? "No event matches these filters."
      : `${formatNumber(offset + 1)}–${formatNumber(offset + events.length)} of ${formatNumber(total)} events, newest first`;
    this.items.replaceChildren(...events.map((event) => this.row(event, selectedId)));
    this.prev.disabled = page <= 1;
    this.next.disabled = page >= pages;
    this.pageLabel.textContent = `Page ${formatNumber(page)} of ${formatNumber(pages)}`;
    this.pager.hidden = pages <= 1;
    this.element.dataset.state = "ready";
    this.element.removeAttribute("aria-busy");
  }

  row(event, selectedId) {
    const who = [actorText(event.actor), event.target ? `→ ${event.target.name}` : null].filter(Boolean).join(" ");
    const reports = event.n_reports > 1 ? el("span", { class: "reports-badge", title: "reports of this event" },
      `${event.n_reports} reports`) : null;
    const button = el("button", {
      type: "button", class: "event-row", dataset: { eventId: event.event_id },
      "aria-pressed": event.event_id === selectedId ? "true" : "false",
      onclick: () => this.onSelect(event.event_id),
    },
    el("span", { class: "row-head" }, typeBadge(event.type), el("span", { class: "row-date" }, dateText(event.date)),
      reports),
    el("span", { class: "row-place" }, placeText(event.location) || "no place"),
    who ? el("span", { class: "row-actors" }, who) : null,
    el("span", { class: "row-evidence" }, snippet(event.evidence && event.evidence.text)));
    return el("li", {}, button);
  }

  highlight(selectedId) {
    for (const button of this.items.querySelectorAll(".event-row")) {
      button.setAttribute("aria-pressed", button.dataset.eventId === selectedId ? "true" : "false");
    }
  }
}
