// Calls to veille's HTTP API. Addresses are relative, so the page works under any sub-path.

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

async function request(url, options = {}) {
  let response;
  try {
    response = await fetch(url, { headers: { Accept: "application/json" }, ...options });
  } catch (err) {
    if (err.name === "AbortError") throw err; // a newer request replaced this one
    throw new ApiError(0, "network", `the server cannot be reached (${err.message})`);
  }
  let body = null;
  try {
    body = await response.json();
  } catch {
    // a proxy's HTML error page: reported below by its status
  }
  if (!response.ok) {
    const error = body && body.error ? body.error : {};
    throw new ApiError(response.status, error.code || String(response.status),
      error.message || `${response.status} ${response.statusText}`);
  }
  return body;
}

// The filter fields the API's /events and /timeline understand, as query parameters.
export function filterParams(filters, { withDates = true } = {}) {
  const params = new URLSearchParams();
  for (const type of filters.types) params.append("type", type);
  for (const name of ["actor", "country", "text"]) {
    if (filters[name]) params.set(name, filters[name]);
  }
  if (withDates) {
    if (filters.since) params.set("since", filters.since);
    if (filters.until) params.set("until", filters.until);
  }
  return params;
}

export function events(filters, { limit, offset = 0, format = "json", signal } = {}) {
  const params = filterParams(filters);
  params.set("limit", String(limit));
  params.set("offset", String(offset));
  params.set("format", format);
  return request(`events?${params}`, { signal });
}

// The address of a file of every event the filters select (up to the API's largest page), as
// `veille events --format csv|acled|geojson` writes it.
export function downloadUrl(filters, format, limit) {
  const params = filterParams(filters);
  params.set("limit", String(limit));
  params.set("format", format);
  if (format === "geojson") params.set("download", "true");
  return `events?${params}`;
}

export function stats(filters, { signal } = {}) {
  return request(`stats?${filterParams(filters)}`, { signal });
}

export function timeline(filters, { signal } = {}) {
  // every filter but the dates: the timeline shows the whole span, the chosen range shaded on it
  return request(`timeline?${filterParams(filters, { withDates: false })}`, { signal });
}

export function event(id) {
  return request(`events/${encodeURIComponent(id)}`);
}

export function documentById(id) {
  return request(`documents/${encodeURIComponent(id)}`);
}

export function health() {
  return request("health");
}

export function extract(body) {
  return request("extract", {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json" },
    body: JSON.stringify(body),
  });
}
