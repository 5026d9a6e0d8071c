// Event types: labels and colours from types.json (the page's legend is data, not code).

let legend = null;

export async function loadTypes() {
  if (!legend) {
    const response = await fetch("static/types.json");
    if (!response.ok) throw new Error(`types.json: ${response.status}`);
    legend = await response.json();
  }
  return legend.types;
}

export function typeColour(type) {
  const entry = legend && legend.types.find((t) => t.type === type);
  return entry ? entry.colour : legend ? legend.other_colour : "#444";
}

export function typeLabel(type) {
  const entry = legend && legend.types.find((t) => t.type === type);
  return entry ? entry.label : type;
}

export function typeOrder() {
  return legend ? legend.types.map((t) => t.type) : [];
}
