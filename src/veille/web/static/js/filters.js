// The page's state in its URL, so that a view can be shared: the API's own filter names
// (type, actor, country, text, since, until), plus the selected event and the list page.

export const TEXT_FILTERS = ["actor", "country", "text", "since", "until"];

export function emptyFilters() {
  return { types: [], actor: "", country: "", text: "", since: "", until: "" };
}

export function fromSearch(search) {
  const params = new URLSearchParams(search);
  const filters = emptyFilters();
  filters.types = params.getAll("type").map((t) => t.trim().toUpperCase()).filter(Boolean);
  for (const name of TEXT_FILTERS) filters[name] = (params.get(name) || "").trim();
  const page = Number.parseInt(params.get("page") || "1", 10);
  return { filters, event: params.get("event") || "", page: Number.isFinite(page) && page > 0 ? page : 1 };
}

export function toSearch(filters, { event = "", page = 1 } = {}) {
  const params = new URLSearchParams();
  for (const type of filters.types) params.append("type", type);
  for (const name of TEXT_FILTERS) if (filters[name]) params.set(name, filters[name]);
  if (page > 1) params.set("page", String(page));
  if (event) params.set("event", event);
  const query = params.toString();
  return query ? `?${query}` : "";
}

export function sameFilters(a, b) {
  return a.types.join(",") === b.types.join(",") && TEXT_FILTERS.every((name) => a[name] === b[name]);
}
