// Small helpers shared by the pages.

const HTML_ESCAPES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

export function escapeHtml(value) {
  return String(value ?? "").replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}

const numberFormat = new Intl.NumberFormat("en-GB");

export function formatNumber(n) {
  return numberFormat.format(n);
}

export function debounce(fn, ms) {
  let timer = null;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}

// Build an element: el("li", {class: "x", dataset: {id: 1}}, child, "text", ...).
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (name === "class") node.className = value;
    else if (name === "dataset") Object.assign(node.dataset, value);
    else if (name === "style") node.style.cssText = value;
    else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export function actorText(actor) {
  return actor ? actor.name : null;
}

// The place as readers know it: display_name ("Hama", "Syrie"), GeoNames' name ("Ḩamāh") when an
// older server gives none.
export function placeText(location) {
  if (!location) return null;
  const name = location.display_name || location.name;
  const parts = [name];
  if (location.precision === "country") return name;
  if (location.admin1 && location.admin1 !== name) parts.push(location.admin1);
  if (location.country && location.country !== name) parts.push(location.country);
  return parts.filter(Boolean).join(", ");
}

export function dateText(date) {
  if (!date || !date.value) return "undated";
  return date.precision && date.precision !== "day" ? `${date.value} (${date.precision})` : date.value;
}

export function tollText(fatalities) {
  if (!fatalities) return null;
  const parts = [];
  if (fatalities.killed !== null && fatalities.killed !== undefined) parts.push(`${fatalities.killed} killed`);
  if (fatalities.injured !== null && fatalities.injured !== undefined) parts.push(`${fatalities.injured} injured`);
  return parts.length ? parts.join(", ") : null;
}
