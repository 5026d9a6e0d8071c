// The paste page: an article in, its events out (POST /extract), highlighted in the text, listed,
// and placed on the map. Nothing is stored.

import * as api from "./api.js";
import { typeBadge } from "./list.js";
import { EventMap } from "./map.js";
import { codePoints, renderSpans, sliceCodePoints } from "./text.js";
import { loadTypes, typeColour, typeLabel } from "./types.js";
import { actorText, dateText, el, placeText } from "./util.js";

const form = document.getElementById("extract-form");
const textarea = document.getElementById("article");
const status = document.getElementById("extract-status");
const result = document.getElementById("extract-result");
const highlighted = document.getElementById("extract-text");
const eventList = document.getElementById("extract-events");
const submit = form.querySelector("button[type=submit]");
let map;

// The server reads a leading "date YYYY-MM[-DD]" crawl marker as the publication date and removes
// it: its offsets then count from after the marker. The shift that makes every evidence fall on
// its own text is found from the first event, then checked on all.
function offsetShift(points, events) {
  const fits = (shift) => events.every((e) => sliceCodePoints(points, e.evidence.start + shift, e.evidence.end + shift) === e.evidence.text);
  if (!events.length || fits(0)) return 0;
  const text = points.join("");
  const at = text.indexOf(events[0].evidence.text);
  if (at < 0) return null;
  const shift = codePoints(text.slice(0, at)).length - events[0].evidence.start;
  return fits(shift) ? shift : null;
}

function feature(event, index) {
  const loc = event.location;
  if (!loc || loc.lat === null || loc.lon === null) return null;
  return {
    type: "Feature",
    geometry: { type: "Point", coordinates: [loc.lon, loc.lat] },
    properties: { event_id: `e${index}`, type: event.type, n_reports: 1, date: event.date.value,
      location_name: loc.name, location_display_name: loc.display_name, geo_precision: loc.precision, admin1: loc.admin1, country: loc.country, actor_name: event.actor && event.actor.name },
  };
}

function focusEvent(index, { fromMap = false } = {}) {
  for (const mark of highlighted.querySelectorAll("mark.span")) {
    mark.classList.toggle("active", mark.dataset.spans.split(" ").includes(String(index)));
  }
  for (const button of eventList.querySelectorAll("button")) {
    button.setAttribute("aria-pressed", button.dataset.index === String(index) ? "true" : "false");
  }
  const first = highlighted.querySelector("mark.span.active");
  if (first) first.scrollIntoView({ block: "nearest" });
  map.select(`e${index}`, { reveal: !fromMap });
}

function render(text, events) {
  const points = codePoints(text);
  const shift = offsetShift(points, events);
  result.hidden = false;
  result.dataset.events = String(events.length);
  if (shift === null) {
    highlighted.textContent = text;
    status.textContent = "The events could not be placed in the text (the server read it differently).";
  } else {
    result.dataset.shift = String(shift);
    renderSpans(highlighted, text, events.map((e) => ({
      start: e.evidence.start + shift, end: e.evidence.end + shift, colour: typeColour(e.type),
      title: [typeLabel(e.type), placeText(e.location), dateText(e.date)].filter(Boolean).join(" · "),
    })));
  }
  eventList.replaceChildren(...events.map((event, index) => {
    const who = [actorText(event.actor), event.target ? `→ ${event.target.name}` : null].filter(Boolean).join(" ");
    return el("li", {}, el("button", { type: "button", class: "event-row", dataset: { index: String(index) },
      "aria-pressed": "false", onclick: () => focusEvent(index) },
    el("span", { class: "row-head" }, typeBadge(event.type), el("span", { class: "row-date" }, dateText(event.date))),
    el("span", { class: "row-place" }, placeText(event.location) || "no place"),
    who ? el("span", { class: "row-actors" }, who) : null,
    event.claimed_by ? el("span", { class: "row-claim" }, `claimed by ${event.claimed_by}`) : null,
    event.denied_by ? el("span", { class: "row-denial" }, `denied by ${event.denied_by}`) : null));
  }));
  const features = events.map(feature).filter(Boolean);
  map.resize();
  map.setEvents(features);
  status.textContent = events.length
    ? `${events.length} event${events.length === 1 ? "" : "s"} found, ${features.length} with a place on the map.`
    : "No event found in this text.";
}

async function extract() {
  const text = textarea.value;
  if (!text.trim()) {
    status.textContent = "Paste an article first.";
    textarea.focus();
    return;
  }
  const body = { text };
  const docDate = form.elements.doc_date.value;
  if (docDate) body.doc_date = docDate;
  submit.disabled = true;
  result.dataset.state = "loading";
  status.textContent = "Extracting… (the first extraction loads the French parser: a few seconds)";
  try {
    const answer = await api.extract(body);
    render(text, answer.events);
    result.dataset.state = "ready";
  } catch (err) {
    status.textContent = `Extraction failed: ${err.message}`;
    result.dataset.state = "error";
  } finally {
    submit.disabled = false;
  }
}

async function main() {
  await loadTypes();
  map = new EventMap(document.getElementById("extract-map"), {
    onSelect: (id) => focusEvent(Number(id.slice(1)), { fromMap: true }),
    fitMaxZoom: 9,
  });
  map.loadBasemap().catch((err) => { status.textContent = `Country borders could not be drawn: ${err.message}`; });
  map.probeOnlineTiles();
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    extract();
  });
  textarea.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      extract();
    }
  });
}

main();
