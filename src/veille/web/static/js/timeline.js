// The timeline: events stacked by type (one SVG path per type, so thousands of days stay a
// handful of elements), in bins of a day, a week or a month as the span asks (bars of a few
// pixels at least: a lone day among years is a month's bar, not a sliver). Events dated by their
// month only are drawn as such: in their month's bar when bins are months, else as a pale band
// across the whole month. Dragging across it selects a date range; a click selects one day.
// Keyboard: arrows move a day cursor (its counts are read out), Shift+arrows stretch a range from
// where the cursor was, Enter applies it, Escape clears the range.

import { typeColour, typeLabel, typeOrder } from "./types.js";
import { el, formatNumber } from "./util.js";

const SVG = "http://www.w3.org/2000/svg";
const DAY_MS = 86_400_000;
const MARGIN = { left: 40, right: 12, top: 8, bottom: 20 };
const HEIGHT = 110;
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

export function dayNumber(iso) {
  const [y, m, d] = iso.split("-").map(Number);
  return Math.floor(Date.UTC(y, (m || 1) - 1, d || 1) / DAY_MS);
}

// Bins by span: days up to four months, weeks up to three years, months beyond.
const WEEK_SPAN_DAYS = 120;
const MONTH_SPAN_DAYS = 3 * 365;

function monthStart(day) {
  const d = new Date(day * DAY_MS);
  return Math.floor(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1) / DAY_MS);
}

function nextMonthStart(day) {
  const d = new Date(day * DAY_MS);
  return Math.floor(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) / DAY_MS);
}

// [first day, last day] of the bin holding ``day``; weeks start on Monday (day 0 was a Thursday).
export function binOf(day, bin) {
  if (bin === "month") return [monthStart(day), nextMonthStart(day) - 1];
  if (bin === "week") {
    const start = day - ((day + 3) % 7);
    return [start, start + 6];
  }
  return [day, day];
}

function binLabel([start], bin) {
  const d = new Date(start * DAY_MS);
  if (bin === "month") return `${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
  if (bin === "week") return `week of ${isoDay(start)}`;
  return isoDay(start);
}

export function isoDay(day) {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

function svg(tag, attrs = {}) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, String(value));
  return node;
}

export class Timeline {
  constructor(container, { onRange = () => {} } = {}) {
    this.container = container;
    this.onRange = onRange;
    this.byDay = new Map(); // day number -> Map(type -> count)
    this.byMonth = new Map();
    this.bins = new Map();
    this.bin = null;
    this.range = { since: "", until: "" };
    this.cursor = null;
    this.anchor = null;
    this.drag = null;
    this.svg = svg("svg", { class: "timeline-chart", height: HEIGHT, tabindex: 0, role: "application",
      "aria-label": "Events per day by type. Drag, or use Shift and the arrow keys then Enter, to choose a date range; Escape clears it." });
    this.readout = el("p", { class: "timeline-readout", "aria-live": "polite" });
    this.clearButton = el("button", { type: "button", class: "link-button", hidden: true,
      onclick: () => this.onRange("", "") }, "Clear date range");
    container.replaceChildren(el("div", { class: "timeline-head" }, this.readout, this.clearButton), this.svg);
    this.svg.addEventListener("pointerdown", (e) => this.pointerDown(e));
    this.svg.addEventListener("pointermove", (e) => this.pointerMove(e));
    this.svg.addEventListener("pointerup", (e) => this.pointerUp(e));
    this.svg.addEventListener("pointerleave", () => { if (!this.drag) this.showDay(this.cursor); });
    this.svg.addEventListener("keydown", (e) => this.keyDown(e));
    this.svg.addEventListener("focus", () => this.drawSelection());
    this.svg.addEventListener("blur", () => { this.anchor = null; this.drawSelection(); });
    new ResizeObserver(() => this.draw()).observe(container);
  }

  // days: [{date, type, count}] and months: [{month, type, count}] (month-dated events) from GET
  // /timeline; range: {since, until} of the filters.
  setData(days, range, months = []) {
    this.byMonth = new Map(); // first day of a month -> Map(type -> count) of its month-dated events
    for (const { month, type, count } of months) {
      const day = dayNumber(month);
      if (!this.byMonth.has(day)) this.byMonth.set(day, new Map());
      this.byMonth.get(day).set(type, (this.byMonth.get(day).get(type) || 0) + count);
    }
    this.byDay = new Map();
    for (const { date, type, count } of days) {
      if (!date) continue;
      const day = dayNumber(date);
      if (!this.byDay.has(day)) this.byDay.set(day, new Map());
      const counts = this.byDay.get(day);
      counts.set(type, (counts.get(type) || 0) + count);
    }
    this.setRange(range);
  }

  setRange(range) {
    this.range = { since: range.since || "", until: range.until || "" };
    this.clearButton.hidden = !(this.range.since || this.range.until);
    this.draw();
  }

  extent() {
    const days = [...this.byDay.keys()];
    for (const start of this.byMonth.keys()) days.push(start, nextMonthStart(start) - 1);
    if (this.range.since) days.push(dayNumber(this.range.since));
    if (this.range.until) days.push(dayNumber(this.range.until));
    if (!days.length) return null;
    let lo = Math.min(...days);
    let hi = Math.max(...days);
    if (hi - lo < 14) { // a few days would make bars as wide as the chart: show two weeks at least
      const pad = Math.ceil((14 - (hi - lo)) / 2);
      lo -= pad;
      hi += pad;
    }
    return { lo, hi };
  }

  draw() {
    const width = Math.max(200, this.container.clientWidth);
    this.svg.setAttribute("width", width);
    this.svg.setAttribute("viewBox", `0 0 ${width} ${HEIGHT}`);
    this.svg.replaceChildren();
    const extent = this.extent();
    this.svg.dataset.days = String(this.byDay.size);
    if (!extent) {
      this.readout.textContent = "No dated events for these filters.";
      this.scale = null;
      return;
    }
    const plotWidth = width - MARGIN.left - MARGIN.right;
    const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
    const nDays = extent.hi - extent.lo + 1;
    const band = plotWidth / nDays;
    this.scale = { ...extent, band, width, x: (day) => MARGIN.left + (day - extent.lo) * band };
    const bin = nDays > MONTH_SPAN_DAYS ? "month" : nDays > WEEK_SPAN_DAYS ? "week" : "day";
    this.bin = bin;

    // counts per bin (first day -> Map(type -> [day-dated, month-dated])); month-dated events join
    // their month's bar when bins are months, else are drawn as a band across their month
    this.bins = new Map();
    const add = (start, type, count, which) => {
      if (!this.bins.has(start)) this.bins.set(start, new Map());
      const counts = this.bins.get(start);
      if (!counts.has(type)) counts.set(type, [0, 0]);
      counts.get(type)[which] += count;
    };
    for (const [day, counts] of this.byDay) for (const [type, c] of counts) add(binOf(day, bin)[0], type, c, 0);
    if (bin === "month") for (const [start, counts] of this.byMonth) for (const [type, c] of counts) add(start, type, c, 1);
    let maxTotal = 1;
    for (const counts of this.bins.values()) {
      let total = 0;
      for (const [a, b] of counts.values()) total += a + b;
      maxTotal = Math.max(maxTotal, total);
    }
    if (bin !== "month") {
      for (const counts of this.byMonth.values()) {
        let total = 0;
        for (const c of counts.values()) total += c;
        maxTotal = Math.max(maxTotal, total);
      }
    }
    const y = (value) => MARGIN.top + plotHeight - (value / maxTotal) * plotHeight;
    this.drawAxes(extent, maxTotal, y);

    // one path per type (two: day-dated, month-dated), bars stacked in the legend's order
    const order = typeOrder();
    const types = new Set();
    for (const counts of this.byDay.values()) for (const type of counts.keys()) types.add(type);
    for (const counts of this.byMonth.values()) for (const type of counts.keys()) types.add(type);
    const sortedTypes = [...types].sort((a, b) => (order.indexOf(a) + 1 || 99) - (order.indexOf(b) + 1 || 99));
    const paths = new Map(sortedTypes.map((type) => [type, [[], []]]));
    const rect = (x, w, bottom, top) => `M${x.toFixed(2)} ${bottom.toFixed(2)}h${w.toFixed(2)}V${top.toFixed(2)}h${(-w).toFixed(2)}Z`;
    let monthDated = 0;
    if (bin !== "month") { // month-dated events: a pale band across the month, under the bars
      for (const [start, counts] of this.byMonth) {
        let base = 0;
        const x = this.scale.x(Math.max(start, extent.lo));
        const w = this.scale.x(Math.min(nextMonthStart(start), extent.hi + 1)) - x;
        for (const type of sortedTypes) {
          const count = counts.get(type);
          if (!count) continue;
          paths.get(type)[1].push(rect(x, w, y(base), y(base + count)));
          base += count;
          monthDated += count;
        }
      }
    }
    for (const [start, counts] of this.bins) {
      let base = 0;
      const [, end] = binOf(start, bin);
      const x = this.scale.x(start);
      const full = this.scale.x(end + 1) - x;
      // at least 2 px: a lone bin among years must stay visible
      const w = Math.max(2, full - (full > 4 ? 1 : 0));
      for (const type of sortedTypes) {
        const [dayDated, monthOnly] = counts.get(type) || [0, 0];
        for (const [which, count] of [[0, dayDated], [1, monthOnly]]) {
          if (!count) continue;
          paths.get(type)[which].push(rect(x, w, y(base), y(base + count)));
          base += count;
          if (which === 1) monthDated += count;
        }
      }
    }
    for (const which of [1, 0]) {
      for (const type of sortedTypes) {
        const d = paths.get(type)[which].join("");
        if (!d) continue;
        const path = svg("path", { d, fill: typeColour(type), "data-type": type,
          class: which ? "month-dated" : "day-dated" });
        path.append(Object.assign(svg("title"), { textContent: `${typeLabel(type)}${which ? " (dated by month only)" : ""}` }));
        this.svg.append(path);
      }
    }
    this.svg.dataset.bin = bin;
    this.svg.dataset.bars = String(this.bins.size);
    this.svg.dataset.monthDated = String(monthDated);
    this.drawSelection();
    this.showDay(this.cursor);
  }

  drawAxes(extent, maxTotal, y) {
    const axis = svg("g", { class: "timeline-axis" });
    const baseline = HEIGHT - MARGIN.bottom;
    axis.append(svg("line", { x1: MARGIN.left, x2: this.scale.width - MARGIN.right, y1: baseline, y2: baseline }));
    const top = svg("text", { x: MARGIN.left - 6, y: y(maxTotal) + 4, "text-anchor": "end" });
    top.textContent = formatNumber(maxTotal);
    const zero = svg("text", { x: MARGIN.left - 6, y: baseline, "text-anchor": "end" });
    zero.textContent = "0";
    axis.append(top, zero);
    // ticks on the first day of months (or of years over long spans), about 90 px apart at least
    const nDays = extent.hi - extent.lo + 1;
    const pxPerDay = this.scale.band;
    const monthStep = [1, 2, 3, 6, 12, 24, 60].find((m) => m * 30 * pxPerDay >= 90) || 120;
    const first = new Date(extent.lo * DAY_MS);
    let year = first.getUTCFullYear();
    let month = first.getUTCMonth();
    for (let i = 0; i < nDays / 28 + 2; i++) {
      const day = Math.floor(Date.UTC(year, month, 1) / DAY_MS);
      if (day > extent.hi) break;
      if (day >= extent.lo && (year * 12 + month) % monthStep === 0) {
        const x = this.scale.x(day);
        axis.append(svg("line", { x1: x, x2: x, y1: baseline, y2: baseline + 4 }));
        const label = svg("text", { x, y: HEIGHT - 4, "text-anchor": "middle" });
        label.textContent = monthStep >= 12 ? String(year) : `${MONTHS[month]} ${year}`;
        axis.append(label);
      }
      month += 1;
      if (month === 12) { month = 0; year += 1; }
    }
    // with few days, day ticks instead
    if (nDays <= 45) {
      for (let day = extent.lo; day <= extent.hi; day += nDays <= 16 ? 1 : 7) {
        const x = this.scale.x(day) + this.scale.band / 2;
        const label = svg("text", { x, y: HEIGHT - 4, "text-anchor": "middle", class: "day-tick" });
        label.textContent = isoDay(day).slice(5);
        axis.append(label);
      }
      for (const node of axis.querySelectorAll("text:not(.day-tick)")) {
        if (node.getAttribute("y") === String(HEIGHT - 4)) node.remove();
      }
    }
    this.svg.append(axis);
  }

  selectedDays() {
    if (this.drag) return [Math.min(this.drag.from, this.drag.to), Math.max(this.drag.from, this.drag.to)];
    if (this.anchor !== null && this.cursor !== null && this.anchor !== this.cursor) {
      return [Math.min(this.anchor, this.cursor), Math.max(this.anchor, this.cursor)];
    }
    if (!this.range.since && !this.range.until) return null;
    return [this.range.since ? dayNumber(this.range.since) : this.scale.lo,
      this.range.until ? dayNumber(this.range.until) : this.scale.hi];
  }

  drawSelection() {
    for (const node of this.svg.querySelectorAll(".timeline-selection, .timeline-cursor")) node.remove();
    if (!this.scale) return;
    const days = this.selectedDays();
    if (days) {
      const x0 = this.scale.x(Math.max(days[0], this.scale.lo));
      const x1 = this.scale.x(Math.min(days[1], this.scale.hi) + 1);
      this.svg.append(svg("rect", { class: "timeline-selection", x: x0, y: MARGIN.top, width: Math.max(1, x1 - x0),
        height: HEIGHT - MARGIN.top - MARGIN.bottom }));
    }
    if (this.cursor !== null && document.activeElement === this.svg) {
      const x = this.scale.x(this.cursor);
      this.svg.append(svg("rect", { class: "timeline-cursor", x, y: MARGIN.top, width: Math.max(1, this.scale.band),
        height: HEIGHT - MARGIN.top - MARGIN.bottom }));
    }
  }

  dayAt(clientX) {
    const box = this.svg.getBoundingClientRect();
    const x = clientX - box.left;
    const day = this.scale.lo + Math.floor((x - MARGIN.left) / this.scale.band);
    return Math.max(this.scale.lo, Math.min(this.scale.hi, day));
  }

  showDay(day) {
    if (day === null || day === undefined || !this.scale) {
      const { since, until } = this.range;
      this.readout.textContent = since || until
        ? `Showing ${since || "the start"} to ${until || "the end"}.`
        : `${formatNumber(this.byDay.size)} days with dated events. Drag to choose a range.`;
      return;
    }
    const counts = this.byDay.get(day);
    const order = typeOrder();
    const parts = counts
      ? [...counts].sort((a, b) => order.indexOf(a[0]) - order.indexOf(b[0])).map(([t, c]) => `${c} ${typeLabel(t)}`)
      : ["no events"];
    let text = `${isoDay(day)}: ${parts.join(", ")}`;
    if (this.bin && this.bin !== "day") {
      const span = binOf(day, this.bin);
      let total = 0;
      for (const [a, b] of (this.bins.get(span[0]) || new Map()).values()) total += a + b;
      text += ` · ${binLabel(span, this.bin)}: ${formatNumber(total)} events`;
    }
    const monthOnly = this.byMonth.get(monthStart(day));
    if (monthOnly) {
      let n = 0;
      for (const c of monthOnly.values()) n += c;
      text += ` · ${formatNumber(n)} dated by month only`;
    }
    this.readout.textContent = text;
  }

  pointerDown(event) {
    if (!this.scale || event.button !== 0) return;
    const day = this.dayAt(event.clientX);
    this.drag = { from: day, to: day };
    this.svg.setPointerCapture(event.pointerId);
    this.drawSelection();
  }

  pointerMove(event) {
    if (!this.scale) return;
    const day = this.dayAt(event.clientX);
    if (this.drag) {
      this.drag.to = day;
      this.drawSelection();
      this.readout.textContent = `${isoDay(Math.min(this.drag.from, day))} to ${isoDay(Math.max(this.drag.from, day))}`;
    } else {
      this.showDay(day);
    }
  }

  pointerUp(event) {
    if (!this.drag) return;
    this.drag.to = this.dayAt(event.clientX);
    const [from, to] = [Math.min(this.drag.from, this.drag.to), Math.max(this.drag.from, this.drag.to)];
    this.drag = null;
    this.onRange(isoDay(from), isoDay(to));
  }

  keyDown(event) {
    if (!this.scale) return;
    const step = { ArrowLeft: -1, ArrowRight: 1, PageUp: -30, PageDown: 30 }[event.key];
    if (step !== undefined) {
      event.preventDefault();
      if (this.cursor === null) this.cursor = this.range.since ? dayNumber(this.range.since) : this.scale.hi;
      if (event.shiftKey && this.anchor === null) this.anchor = this.cursor;
      if (!event.shiftKey) this.anchor = null;
      this.cursor = Math.max(this.scale.lo, Math.min(this.scale.hi, this.cursor + step));
      this.drawSelection();
      this.showDay(this.cursor);
    } else if (event.key === "Enter" && this.cursor !== null) {
      event.preventDefault();
      const from = this.anchor === null ? this.cursor : Math.min(this.anchor, this.cursor);
      const to = this.anchor === null ? this.cursor : Math.max(this.anchor, this.cursor);
      this.anchor = null;
      this.onRange(isoDay(from), isoDay(to));
    } else if (event.key === "Escape") {
      event.preventDefault();
      this.anchor = null;
      this.onRange("", "");
    }
  }
}
