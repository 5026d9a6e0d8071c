// The map of events: Leaflet with clustered markers (Leaflet.markercluster), coloured by type,
// sized by number of reports and shaped by the precision of their place (a town, a division, a
// country), over an offline basemap of Natural Earth country and first-level division borders
// (world-atlas; admin-1 served by veille) and GeoNames towns (served by veille); OpenStreetMap tiles are offered as a second basemap only when they can
// be reached.
//
// For tests and scripts, the map element carries what it draws:
//   data-state      "loading" while markers are added, "ready" once every marker is in place
//   data-located    the number of events drawn (events that have a place)
//   data-basemap    "natural-earth" once the borders are drawn, with data-basemap-countries
//   data-online-tiles  "checking", "available" or "unavailable"
//   data-towns      the number of towns drawn (from zoom 5), data-town-names how many are named
//   data-divisions  the number of first-level divisions drawn (from zoom 5), data-division-names theirs
//   data-zoom       the map's zoom

import { typeColour, typeLabel, typeOrder } from "./types.js";
import { escapeHtml, formatNumber } from "./util.js";

const BORDERS_URL = "static/vendor/world-atlas/countries-50m.json";
const ONLINE_TILES = {
  url: "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
  probe: "https://tile.openstreetmap.org/0/0/0.png",
  attribution: '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors',
  timeoutMs: 5000,
};
const NATURAL_EARTH = 'Borders: <a href="https://www.naturalearthdata.com/">Natural Earth</a>';

// Zoom on selection, by the precision of the event's place: a town, a division, a country.
const SELECT_MAX_ZOOM = 9;
const PRECISION_ZOOM = { point: SELECT_MAX_ZOOM, admin1: 7, country: 5 };
// Division borders from this zoom.
const DIVISIONS_ZOOM = 5;
// Towns from this zoom, the smallest shown at each zoom (zoom, population), first match wins.
const TOWNS_ZOOM = 5;
const TOWN_POPULATION = [[10, 2000], [9, 5000], [8, 15000], [7, 50000], [6, 150000], [5, 400000]];
const COUNTRY_NAMES_ZOOM = 4; // below it the names of small countries would overlap

// Where a country's name goes: the middle of the bounding box of its largest polygon (a
// mainland rather than an overseas territory).
function labelPoint(geometry) {
  const polygons = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
  let best = null;
  for (const polygon of polygons) {
    let [west, south, east, north] = [Infinity, Infinity, -Infinity, -Infinity];
    for (const [lon, lat] of polygon[0]) {
      west = Math.min(west, lon); east = Math.max(east, lon);
      south = Math.min(south, lat); north = Math.max(north, lat);
    }
    const area = (east - west) * (north - south);
    if (!best || area > best.area) best = { area, lat: (south + north) / 2, lon: (west + east) / 2 };
  }
  return [best.lat, best.lon];
}

// Marker diameter in pixels: grows with the log of the number of reports, within readable bounds.
function markerSize(nReports) {
  return Math.min(34, Math.round(12 + 5 * Math.log2(Math.max(1, nReports))));
}

function clusterSize(count) {
  return count < 10 ? 30 : count < 100 ? 36 : count < 1000 ? 44 : 52;
}

export function placeLabel(props) {
  const parts = [props.location_display_name || props.location_name, props.admin1 && props.admin1 !== props.location_name ? props.admin1 : null,
    props.country].filter(Boolean);
  return parts.join(", ");
}

export class EventMap {
  constructor(element, { onSelect = () => {}, fitMaxZoom = 7 } = {}) {
    this.element = element;
    this.onSelect = onSelect;
    this.fitMaxZoom = fitMaxZoom;
    this.markers = new Map(); // event id -> marker
    this.selectedId = "";
    this.generation = 0; // a newer setEvents makes the callbacks of an older one moot
    element.dataset.state = "loading";
    element.dataset.located = "0";
    this.map = L.map(element, { minZoom: 2, maxZoom: 14, worldCopyJump: true, zoomSnap: 0.5 });
    this.map.setView([30, 25], 3);
    this.map.attributionControl.setPrefix(false);
    L.control.scale({ imperial: false }).addTo(this.map);
    // the borders are drawn on a canvas in a pane of their own, under the markers
    this.map.createPane("basemap").style.zIndex = 200;
    this.bordersRenderer = L.canvas({ pane: "basemap", padding: 0.5 });
    this.layers = L.control.layers({}, {}, { collapsed: true, position: "topright" }).addTo(this.map);
    this.clusters = null;
    element.dataset.zoom = String(this.map.getZoom());
    this.map.on("zoomend", () => { element.dataset.zoom = String(this.map.getZoom()); });
  }

  // A new group for each set of events: markercluster's chunked loading of an earlier set cannot
  // be cancelled, and would otherwise go on adding its markers after a filter changed.
  newClusterGroup(generation) {
    return L.markerClusterGroup({
      chunkedLoading: true, // adds thousands of markers without blocking the page
      chunkProgress: (done, total) => {
        // called just before the last chunk's markers are put on the map: report after that
        if (done === total) setTimeout(() => this.ready(generation), 0);
      },
      showCoverageOnHover: false,
      // a selected event is shown at a town's scale at most (zoomToShowLayer stops here), where
      // the towns of the basemap are named, not at a street's over an empty background
      disableClusteringAtZoom: SELECT_MAX_ZOOM,
      maxClusterRadius: 50,
      spiderfyOnMaxZoom: true,
      iconCreateFunction: (cluster) => this.clusterIcon(cluster),
    });
  }

  async loadBasemap() {
    const response = await fetch(BORDERS_URL);
    if (!response.ok) throw new Error(`country borders: ${response.status}`);
    const topo = await response.json();
    const countries = topojson.feature(topo, topo.objects.countries);
    this.borders = L.geoJSON(countries, {
      renderer: this.bordersRenderer,
      interactive: false,
      attribution: NATURAL_EARTH,
      style: { color: "#9a958c", weight: 0.7, fillColor: "#f3f1ec", fillOpacity: 1 },
    }).addTo(this.map);
    this.layers.addBaseLayer(this.borders, "Country borders (offline)");
    this.addCountryNames(countries);
    this.addDivisions();
    this.addTowns();
    this.element.dataset.basemap = "natural-earth";
    this.element.dataset.basemapCountries = String(countries.features.length);
  }

  // Country names for orientation on the offline basemap, once zoomed in enough to read them.
  addCountryNames(countries) {
    this.map.createPane("labels").style.zIndex = 350; // above the borders, under the markers
    const names = countries.features.filter((f) => f.properties && f.properties.name && f.geometry)
      .map((f) => L.marker(labelPoint(f.geometry), {
        pane: "labels", interactive: false, keyboard: false,
        icon: L.divIcon({ className: "country-name", html: escapeHtml(f.properties.name), iconSize: null }),
      }));
    const group = L.layerGroup(names);
    const toggle = () => {
      if (this.map.getZoom() >= COUNTRY_NAMES_ZOOM) group.addTo(this.map);
      else group.remove();
    };
    this.map.on("zoomend", toggle);
    toggle();
  }

  // Towns of the offline basemap (GeoNames, served by veille from its gazetteer), from zoom 5: the
  // largest in view, fewer and larger when zoomed out; the largest named.
  addTowns() {
    this.map.createPane("towns").style.zIndex = 340; // over the borders, under the country names
    const renderer = L.canvas({ pane: "towns", padding: 0.2 });
    this.towns = L.layerGroup().addTo(this.map);
    this.map.attributionControl.addAttribution('Towns: <a href="https://www.geonames.org/">GeoNames</a>');
    let controller = null;
    const update = async () => {
      const zoom = this.map.getZoom();
      if (controller) controller.abort();
      if (zoom < TOWNS_ZOOM) {
        this.towns.clearLayers();
        this.element.dataset.towns = "0";
        return;
      }
      controller = new AbortController();
      const b = this.map.getBounds().pad(0.1);
      const minPopulation = TOWN_POPULATION.find(([z]) => zoom >= z)[1];
      const bbox = [b.getSouth(), b.getWest(), b.getNorth(), b.getEast()].map((v) => v.toFixed(3)).join(",");
      let collection;
      try {
        const response = await fetch(`basemap/towns?bbox=${bbox}&min_population=${minPopulation}`,
          { signal: controller.signal });
        if (!response.ok) return;
        collection = await response.json();
      } catch {
        return; // replaced by a newer view, or the server is gone: the borders stay
      }
      const named = zoom >= 8 ? 60 : 30;
      const layers = [];
      collection.features.forEach((f, i) => {
        const [lon, lat] = f.geometry.coordinates;
        layers.push(L.circleMarker([lat, lon], { renderer, radius: f.properties.population >= 1e6 ? 3.5 : 2.5,
          weight: 1, color: "#5d574e", fillColor: "#fff", fillOpacity: 1, interactive: false }));
        if (i < named) {
          layers.push(L.marker([lat, lon], { pane: "towns", interactive: false, keyboard: false,
            icon: L.divIcon({ className: "town-name", html: escapeHtml(f.properties.name), iconSize: null }) }));
        }
      });
      this.towns.clearLayers();
      for (const layer of layers) this.towns.addLayer(layer);
      this.element.dataset.towns = String(collection.features.length);
      this.element.dataset.townNames = String(Math.min(named, collection.features.length));
    };
    this.map.on("moveend", update);
    update();
  }

  // First-level division borders (Natural Earth admin-1, served by veille), from zoom 5: dashed,
  // under the towns; the map keeps its country borders when the server has none.
  addDivisions() {
    const style = { color: "#a39b8e", weight: 0.9, dashArray: "4 3", fill: false };
    this.divisions = L.geoJSON(null, { renderer: this.bordersRenderer, interactive: false, style }).addTo(this.map);
    let controller = null;
    const update = async () => {
      if (controller) controller.abort();
      if (this.map.getZoom() < DIVISIONS_ZOOM) {
        this.divisions.clearLayers();
        this.element.dataset.divisions = "0";
        return;
      }
      controller = new AbortController();
      const b = this.map.getBounds().pad(0.2);
      const bbox = [b.getSouth(), b.getWest(), b.getNorth(), b.getEast()].map((v) => v.toFixed(3)).join(",");
      let collection;
      try {
        const response = await fetch(`basemap/admin1?bbox=${bbox}`, { signal: controller.signal });
        if (!response.ok) return;
        collection = await response.json();
      } catch {
        return;
      }
      this.divisions.clearLayers();
      this.divisions.addData(collection);
      this.element.dataset.divisions = String(collection.features.length);
      this.element.dataset.divisionNames = collection.features.map((f) => f.properties.name).join("|");
    };
    this.map.on("moveend", update);
    update();
  }

  // Online tiles only where they can be reached: one small tile is fetched first.
  probeOnlineTiles() {
    this.element.dataset.onlineTiles = "checking";
    return new Promise((resolve) => {
      const image = new Image();
      const timer = setTimeout(() => finish(false), ONLINE_TILES.timeoutMs);
      const finish = (reachable) => {
        clearTimeout(timer);
        image.onload = image.onerror = null;
        this.element.dataset.onlineTiles = reachable ? "available" : "unavailable";
        if (reachable) {
          const tiles = L.tileLayer(ONLINE_TILES.url, { attribution: ONLINE_TILES.attribution, maxZoom: 19 });
          this.layers.addBaseLayer(tiles, "OpenStreetMap (online)");
        }
        resolve(reachable);
      };
      image.onload = () => finish(true);
      image.onerror = () => finish(false);
      image.src = ONLINE_TILES.probe;
    });
  }

  markerIcon(props, selected) {
    const size = markerSize(props.n_reports || 1);
    const html = `<span class="ev-marker${selected ? " selected" : ""}" data-event-id="${escapeHtml(props.event_id)}"`
      + ` data-type="${escapeHtml(props.type)}" data-reports="${props.n_reports || 1}"`
      + ` data-precision="${escapeHtml(props.geo_precision || "point")}"`
      + ` style="--c:${typeColour(props.type)}"></span>`;
    return L.divIcon({ className: "ev-marker-icon", html, iconSize: [size, size] });
  }

  clusterIcon(cluster) {
    const children = cluster.getAllChildMarkers();
    const byType = new Map();
    for (const marker of children) byType.set(marker.props.type, (byType.get(marker.props.type) || 0) + 1);
    const order = typeOrder();
    const types = [...byType.keys()].sort((a, b) => order.indexOf(a) - order.indexOf(b));
    const total = children.length;
    let before = 0;
    const stops = types.map((type) => {
      const from = (before / total) * 360;
      before += byType.get(type);
      return `${typeColour(type)} ${from.toFixed(1)}deg ${((before / total) * 360).toFixed(1)}deg`;
    });
    const title = `${formatNumber(total)} events: `
      + types.map((type) => `${byType.get(type)} ${typeLabel(type)}`).join(", ");
    const size = clusterSize(total);
    return L.divIcon({
      className: "ev-cluster-icon",
      iconSize: [size, size],
      html: `<div class="ev-cluster" data-count="${total}" title="${escapeHtml(title)}"`
        + ` style="background:conic-gradient(${stops.join(",")})"><span>${formatNumber(total)}</span></div>`,
    });
  }

  // features: GeoJSON Features of /events?format=geojson (events that have a place).
  setEvents(features, { fit = true } = {}) {
    this.generation += 1;
    const generation = this.generation;
    this.element.dataset.state = "loading";
    if (this.clusters) this.map.removeLayer(this.clusters);
    this.clusters = this.newClusterGroup(generation);
    this.map.addLayer(this.clusters);
    this.markers.clear();
    const markers = [];
    const corners = [];
    for (const feature of features) {
      if (!feature.geometry) continue;
      const [lon, lat] = feature.geometry.coordinates;
      const props = feature.properties;
      const marker = L.marker([lat, lon], {
        icon: this.markerIcon(props, props.event_id === this.selectedId),
        keyboard: true,
        title: [typeLabel(props.type), props.date, placeLabel(props), props.actor_name].filter(Boolean).join(" · "),
        alt: typeLabel(props.type),
      });
      marker.props = props;
      marker.on("click", () => this.onSelect(props.event_id));
      markers.push(marker);
      corners.push([lat, lon]);
      this.markers.set(props.event_id, marker);
    }
    this.element.dataset.located = String(markers.length);
    if (fit && corners.length) {
      this.map.fitBounds(L.latLngBounds(corners), { padding: [30, 30], maxZoom: this.fitMaxZoom, animate: false });
    }
    if (markers.length === 0) {
      this.element.dataset.state = "ready";
      return;
    }
    this.clusters.addLayers(markers);
  }

  ready(generation) {
    if (generation === this.generation) this.element.dataset.state = "ready";
  }

  select(eventId, { reveal = false } = {}) {
    const previous = this.markers.get(this.selectedId);
    if (previous) previous.setIcon(this.markerIcon(previous.props, false));
    this.selectedId = eventId;
    const marker = this.markers.get(eventId);
    if (!marker) return;
    marker.setIcon(this.markerIcon(marker.props, true));
    marker.setZIndexOffset(1000);
    if (reveal) {
      // no deeper than the place is known: a division or a country is seen whole
      const zoom = PRECISION_ZOOM[marker.props.geo_precision] || SELECT_MAX_ZOOM;
      // the event in the middle, its surroundings around it
      this.map.setView(marker.getLatLng(), Math.min(this.map.getZoom(), zoom), { animate: false });
      this.reveal(marker, false, zoom);
    }
  }

  // Bring a marker into view: pan to it when it is drawn on its own, open its cluster in place when
  // every event of the cluster has the same point (zooming in would never split them) or when the
  // map is already as deep as the place is known, else zoom to that depth (a town's scale, a
  // division's, a country's) around it.
  reveal(marker, panned = false, maxZoom = SELECT_MAX_ZOOM) {
    const parent = this.clusters.getVisibleParent(marker);
    if (parent === marker) {
      this.map.panInside(marker.getLatLng(), { padding: [40, 40], animate: false });
    } else if (parent) {
      const bounds = parent.getBounds();
      // spread in place a cluster of one point, or one that zooming would split only past the
      // depth the place is known to (a division, a country)
      if (bounds.getNorthEast().equals(bounds.getSouthWest()) || this.map.getZoom() >= maxZoom) {
        this.map.panInside(marker.getLatLng(), { padding: [80, 80], animate: false });
        parent.spiderfy();
      } else {
        // seen at the zoom its precision allows (a town's scale at most, where no marker is
        // clustered), its cluster spread there if it still is one
        // (markercluster regroups after the zoom, on a timer: spread what it has regrouped)
        let spread = false;
        const spreadOnce = () => {
          if (spread || this.markers.get(this.selectedId) !== marker) return;
          spread = true;
          const still = this.clusters.getVisibleParent(marker);
          if (still && still !== marker) still.spiderfy();
        };
        this.clusters.once("animationend", spreadOnce);
        setTimeout(spreadOnce, 600);
        this.map.setView(marker.getLatLng(), maxZoom, { animate: false });
      }
    } else if (!panned) {
      this.map.panTo(marker.getLatLng(), { animate: false }); // out of view: not drawn at all
      this.reveal(marker, true, maxZoom);
    }
  }

  // Leaflet measures its container once: tell it when the layout changes.
  resize() {
    this.map.invalidateSize();
  }
}
