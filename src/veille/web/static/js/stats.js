// Counts of the events the filters select (GET /stats): by month (month-dated events in their
// month), by country, and the tolls (killed, injured) by month: the aggregate views an analyst
// reads beside the map. Rows are bars, so that the shape shows before the figures are read.
//
// For tests: the panel carries data-state ("loading", "ready"), data-total, data-killed; each row
// data-month or data-country and data-count, data-killed.

import { el, formatNumber } from "./util.js";

const COUNTRIES_SHOWN = 12;

function bar(label, value, max, attrs, title) {
  const width = max > 0 ? Math.max(2, Math.round((100 * value) / max)) : 0;
  return el("li", { class: "stat-row", dataset: attrs, title },
    el("span", { class: "stat-label" }, label),
    el("span", { class: "stat-bar", "aria-hidden": "true" }, el("span", { style: `width:${width}%` })),
    el("span", { class: "stat-value" }, formatNumber(value)));
}

export class StatsPanel {
  constructor(element) {
    this.element = element;
    element.dataset.state = "loading";
  }

  setData(stats) {
    const months = stats.by_month;
    const maxMonth = Math.max(0, ...months.map((m) => m.count));
    const maxKilled = Math.max(0, ...months.map((m) => m.killed));
    const countries = stats.by_country.slice(0, COUNTRIES_SHOWN);
    const maxCountry = Math.max(0, ...countries.map((c) => c.count));
    const monthRow = (m) => bar(m.month, m.count, maxMonth, { month: m.month, count: m.count, killed: m.killed },
      `${m.month}: ${m.count} events, ${m.killed} killed, ${m.injured} injured`);
    const tollRow = (m) => bar(m.month, m.killed, maxKilled, { month: m.month, killed: m.killed, injured: m.injured },
      `${m.month}: ${m.killed} killed, ${m.injured} injured`);
    const countryRow = (c) => bar(c.name || c.country || "no country", c.count, maxCountry,
      { country: c.country || "", count: c.count, killed: c.killed }, `${c.count} events, ${c.killed} killed`);
    const more = stats.by_country.length - countries.length;
    this.element.replaceChildren(
      el("p", { class: "stats-head" },
        `${formatNumber(stats.total)} events · ${formatNumber(stats.killed)} killed · ${formatNumber(stats.injured)} injured`,
        stats.undated ? ` · ${formatNumber(stats.undated)} undated` : ""),
      el("div", { class: "stats-columns" },
        el("section", { class: "stat-block", "aria-label": "Events by month" },
          el("h3", {}, "By month"), el("ol", { class: "stat-list by-month" }, months.map(monthRow))),
        el("section", { class: "stat-block", "aria-label": "Events by country" },
          el("h3", {}, "By country"), el("ol", { class: "stat-list by-country" }, countries.map(countryRow)),
          more > 0 ? el("p", { class: "hint" }, `and ${more} more`) : null),
        el("section", { class: "stat-block", "aria-label": "Killed by month" },
          el("h3", {}, "Killed by month"), el("ol", { class: "stat-list fatalities" }, months.map(tollRow)))));
    this.element.dataset.total = String(stats.total);
    this.element.dataset.killed = String(stats.killed);
    this.element.dataset.state = "ready";
  }
}
