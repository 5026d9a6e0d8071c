// The events page: filters (held in the URL) -> map, timeline and list; a selected event -> its
// reports with their evidence. Each change of filters fetches, in parallel and cancelling what a
// previous change still had in flight: the located events for the map (GeoJSON), one page of the
// list, and the per-day counts for the timeline (which ignores the date range, to show it whole).

import * as api from "./api.js";
import { EventDetail } from "./detail.js";
import { emptyFilters, fromSearch, sameFilters, toSearch } from "./filters.js";
import { EventList, PAGE_SIZE } from "./list.js";
import { EventMap } from "./map.js";
import { StatsPanel } from "./stats.js";
import { Timeline } from "./timeline.js";
import { loadTypes } from "./types.js";
import { debounce, el, formatNumber } from "./util.js";

// The API's largest page: beyond it the map shows the newest MAP_LIMIT events and says so.
const MAP_LIMIT = 10000;
const TYPING_DELAY_MS = 450; // text filters apply when typing pauses

const form = document.getElementById("filters");
const typeOptions = document.getElementById("type-options");
const filterError = document.getElementById("filter-error");
const mapSummary = document.getElementById("map-summary");
const listPanel = document.getElementById("event-list");
const detailPanel = document.getElementById("event-detail");

let state = fromSearch(window.location.search);
let inFlight = null; // AbortController of the latest refresh
let pageInFlight = null; // and of the latest change of the list's page
let map;
let timeline;
let list;
let detail;
let statsPanel;

function readForm() {
  const filters = emptyFilters();
  filters.types = [...typeOptions.querySelectorAll("input:checked")].map((input) => input.value);
  for (const name of ["actor", "country", "text", "since", "until"]) filters[name] = form.elements[name].value.trim();
  return filters;
}

function fillForm(filters) {
  for (const input of typeOptions.querySelectorAll("input")) input.checked = filters.types.includes(input.value);
  for (const name of ["actor", "country", "text", "since", "until"]) form.elements[name].value = filters[name];
}

function buildTypeOptions(types) {
  typeOptions.replaceChildren(...types.map((t) => el("label", { class: "type-option", title: t.hint, style: `--c:${t.colour}` },
    el("input", { type: "checkbox", name: "type", value: t.type }), el("span", { class: "swatch", "aria-hidden": "true" }),
    t.label)));
}

function pushState({ replace = false } = {}) {
  const url = `${window.location.pathname}${toSearch(state.filters, state)}`;
  if (url !== `${window.location.pathname}${window.location.search}`) {
    window.history[replace ? "replaceState" : "pushState"](null, "", url);
  }
}

function showError(message) {
  filterError.textContent = message;
  filterError.hidden = !message;
}

function applyForm() {
  const filters = readForm();
  if (sameFilters(filters, state.filters)) return;
  const datesOnly = sameFilters({ ...filters, since: "", until: "" }, { ...state.filters, since: "", until: "" });
  state = { ...state, filters, page: 1 };
  pushState();
  refresh({ timeline: !datesOnly });
}

function setRange(since, until) {
  form.elements.since.value = since;
  form.elements.until.value = until;
  applyForm();
}

// Another page of the same list: only the list is fetched again.
function reloadList() {
  if (pageInFlight) pageInFlight.abort();
  pageInFlight = new AbortController();
  return loadList(pageInFlight.signal).catch((err) => {
    if (err.name !== "AbortError") showError(`The server answered: ${err.message}`);
  });
}

function setPage(page) {
  state = { ...state, page };
  pushState();
  reloadList().then(() => {
    listPanel.closest(".side").scrollTop = 0; // the new page from its first row
    listPanel.focus({ preventScroll: true });
  });
}

function select(eventId, { reveal = false } = {}) {
  if (eventId === state.event) return;
  state = { ...state, event: eventId };
  pushState();
  showSelection({ reveal });
}

function showSelection({ reveal = false } = {}) {
  const id = state.event;
  const closed = map.selectedId;
  const focusWasInDetail = detailPanel.contains(document.activeElement) || document.activeElement === document.body;
  map.select(id, { reveal });
  list.highlight(id);
  listPanel.hidden = Boolean(id);
  if (id) {
    detail.show(id).then(() => {
      // keyboard users land on the event; a click on the map leaves the focus on the map
      const heading = detailPanel.querySelector("h2");
      if (heading && !document.activeElement.closest(".leaflet-container")) heading.focus();
    });
  } else {
    detail.clear();
    if (focusWasInDetail) { // back to the row of the event just closed
      const row = closed && listPanel.querySelector(`.event-row[data-event-id="${CSS.escape(closed)}"]`);
      (row || listPanel).focus();
    }
  }
}

// The download links follow the filters: the files hold what the map holds.
function updateDownloads() {
  for (const link of document.querySelectorAll("#downloads a[data-format]")) {
    const format = link.dataset.format;
    link.href = api.downloadUrl(state.filters, format, MAP_LIMIT);
    link.download = `veille-events.${format === "geojson" ? "geojson" : `${format}.csv`}`;
  }
}

async function loadList(signal) {
  list.setLoading();
  const result = await api.events(state.filters, { limit: PAGE_SIZE, offset: (state.page - 1) * PAGE_SIZE, signal });
  if (signal.aborted) return;
  list.render(result, state.page, state.event);
}

async function loadMap(signal) {
  const collection = await api.events(state.filters, { limit: MAP_LIMIT, format: "geojson", signal });
  if (signal.aborted) return;
  const features = collection.features || [];
  map.setEvents(features);
  const total = collection.total ?? features.length;
  const unlocated = Math.min(total, MAP_LIMIT) - features.length;
  const parts = [`${formatNumber(total)} events match`, `${formatNumber(features.length)} on the map`];
  if (unlocated > 0) parts.push(`${formatNumber(unlocated)} without a place`);
  if (total > MAP_LIMIT) parts.push(`the map shows the ${formatNumber(MAP_LIMIT)} newest`);
  mapSummary.textContent = parts.join(" · ");
}

async function loadStats(signal) {
  const result = await api.stats(state.filters, { signal });
  if (signal.aborted) return;
  statsPanel.setData(result);
}

async function loadTimeline(signal) {
  const result = await api.timeline(state.filters, { signal });
  if (signal.aborted) return;
  timeline.setData(result.days, state.filters, result.months || []);
}

async function refresh({ timeline: withTimeline = true } = {}) {
  if (inFlight) inFlight.abort();
  const controller = new AbortController();
  inFlight = controller;
  document.body.dataset.state = "loading";
  showError("");
  updateDownloads();
  const jobs = [loadMap(controller.signal), loadList(controller.signal), loadStats(controller.signal)];
  if (withTimeline) jobs.push(loadTimeline(controller.signal));
  else timeline.setRange(state.filters);
  const results = await Promise.allSettled(jobs);
  if (controller !== inFlight) return; // a newer change took over
  const failure = results.find((r) => r.status === "rejected");
  if (failure) {
    const err = failure.reason;
    showError(err.status === 422 ? `Filter not understood: ${err.message}` : `The server answered: ${err.message}`);
    document.body.dataset.state = "error";
    return;
  }
  document.body.dataset.state = "ready";
}

async function showStoreStatus() {
  const status = document.getElementById("store-status");
  try {
    const health = await api.health();
    const c = health.counts;
    status.textContent = `${formatNumber(c.events)} events from ${formatNumber(c.documents)} documents`;
  } catch (err) {
    status.textContent = `server: ${err.message}`;
  }
}

function wireForm() {
  const typing = debounce(applyForm, TYPING_DELAY_MS);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    applyForm();
  });
  form.addEventListener("change", (event) => {
    if (event.target.matches("input[type=checkbox], input[type=date]")) applyForm();
  });
  form.addEventListener("input", (event) => {
    if (event.target.matches("input[type=search]")) typing();
  });
  document.getElementById("clear-filters").addEventListener("click", () => {
    fillForm(emptyFilters());
    applyForm();
  });
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && state.event && !event.target.closest(".timeline-chart")) select("");
  });
}

async function main() {
  buildTypeOptions(await loadTypes());
  fillForm(state.filters);
  map = new EventMap(document.getElementById("map"), { onSelect: (id) => select(id) });
  timeline = new Timeline(document.getElementById("timeline"), { onRange: setRange });
  statsPanel = new StatsPanel(document.getElementById("stats"));
  list = new EventList(listPanel, { onSelect: (id) => select(id, { reveal: true }), onPage: setPage });
  detail = new EventDetail(detailPanel, { onClose: () => select("") });
  wireForm();
  window.addEventListener("popstate", () => {
    const previous = state;
    state = fromSearch(window.location.search);
    fillForm(state.filters);
    if (!sameFilters(previous.filters, state.filters)) refresh();
    else if (previous.page !== state.page) reloadList();
    if (previous.event !== state.event) showSelection();
  });
  map.loadBasemap().catch((err) => showError(`Country borders could not be drawn: ${err.message}`));
  map.probeOnlineTiles();
  showStoreStatus();
  await refresh();
  if (state.event) showSelection({ reveal: true });
}

main();
