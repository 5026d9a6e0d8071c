// One event and its reports: for each report, its source document with the evidence highlighted
// (one <mark class="evidence"> whose text is exactly the stored span), who claims it and who
// denies it. Other events told by the same document are underlined.

import * as api from "./api.js";
import { typeBadge } from "./list.js";
import { renderEvidence } from "./text.js";
import { typeLabel } from "./types.js";
import { actorText, dateText, el, placeText, tollText } from "./util.js";

function field(label, value, cls = "") {
  if (value === null || value === undefined || value === "") return null;
  return [el("dt", {}, label), el("dd", { class: cls }, value)];
}

export class EventDetail {
  constructor(element, { onClose = () => {} } = {}) {
    this.element = element;
    this.onClose = onClose;
    this.documents = new Map(); // id -> promise of the document
    this.shownId = "";
  }

  document(id) {
    if (!this.documents.has(id)) {
      const pending = api.documentById(id);
      pending.catch(() => this.documents.delete(id)); // a failed fetch is tried again next time
      this.documents.set(id, pending);
    }
    return this.documents.get(id);
  }

  clear() {
    this.shownId = "";
    this.element.hidden = true;
    this.element.replaceChildren();
    delete this.element.dataset.eventId;
  }

  async show(eventId) {
    this.shownId = eventId;
    this.element.hidden = false;
    this.element.dataset.state = "loading";
    this.element.dataset.eventId = eventId;
    let event;
    try {
      event = await api.event(eventId);
    } catch (err) {
      if (this.shownId !== eventId) return;
      this.element.replaceChildren(this.closeButton(), el("p", { class: "error", role: "alert" },
        err.status === 404 ? "This event is not in the store (any more)." : `Cannot load the event: ${err.message}`));
      this.element.dataset.state = "error";
      return;
    }
    if (this.shownId !== eventId) return; // another event was chosen meanwhile
    const reports = el("ol", { class: "reports" });
    this.element.replaceChildren(this.closeButton(), this.header(event),
      el("h3", {}, event.reports.length === 1 ? "Report" : `${event.reports.length} reports`), reports);
    const rendered = event.reports.map((report) => this.report(report, eventId));
    reports.replaceChildren(...rendered.map((r) => r.node));
    await Promise.all(rendered.map((r) => r.done));
    if (this.shownId === eventId) this.element.dataset.state = "ready";
  }

  closeButton() {
    return el("button", { type: "button", class: "close-detail", onclick: () => this.onClose() }, "← Back to the list");
  }

  header(event) {
    const actors = [actorText(event.actor), event.target ? `→ ${event.target.name}` : null].filter(Boolean).join(" ");
    const location = event.location
      ? `${placeText(event.location)}${event.location.precision && event.location.precision !== "point" ? ` (${event.location.precision} precision)` : ""}`
      : "no place";
    return el("header", { class: "detail-head" },
      el("h2", { tabindex: "-1" }, typeBadge(event.type), " ", event.mode ? `${typeLabel(event.type)}, ${event.mode}` : typeLabel(event.type)),
      el("dl", { class: "facts" },
        field("Date", dateText(event.date)),
        field("Place", location),
        field("Who", actors || null),
        field("Toll", tollText(event.fatalities)),
        field("Claimed by", event.claimed_by, "claim"),
        field("Denied by", event.denied_by, "denial"),
        field("Reports", `${event.n_reports} from ${event.n_documents} document${event.n_documents === 1 ? "" : "s"}`),
        field("Confidence", event.confidence !== null && event.confidence !== undefined ? event.confidence.toFixed(2) : null)));
  }

  report(report, eventId) {
    const text = el("div", { class: "doc-text", tabindex: "0", "aria-label": `Text of ${report.doc_id}` }, "Loading the document…");
    const source = el("p", { class: "doc-source" });
    const node = el("li", { class: "report", dataset: { reportId: report.report_id, docId: report.doc_id } },
      el("h4", {}, report.doc_id),
      source,
      el("dl", { class: "facts" },
        field("Date", dateText(report.date)),
        field("Place", placeText(report.location)),
        field("Claimed by", report.claimed_by, "claim"),
        field("Denied by", report.denied_by, "denial"),
        field("Trigger", report.trigger)),
      text);
    const done = this.document(report.doc_id).then((doc) => {
      if (this.shownId !== eventId) return;
      const bits = [doc.doc_date ? `published ${doc.doc_date}` : null];
      source.replaceChildren(...bits.filter(Boolean));
      if (doc.url) {
        if (bits[0]) source.append(" · ");
        source.append(el("a", { href: doc.url, rel: "noopener noreferrer", target: "_blank" }, doc.url));
      }
      const others = doc.spans.filter((s) => s.report_id !== report.report_id)
        .map((s) => ({ start: s.start, end: s.end, title: `also in this text: ${typeLabel(s.type)}` }));
      const mark = renderEvidence(text, doc.text, report.evidence, others);
      if (mark) {
        mark.dataset.reportId = report.report_id;
        mark.title = [report.claimed_by ? `claimed by ${report.claimed_by}` : null,
          report.denied_by ? `denied by ${report.denied_by}` : null].filter(Boolean).join("; ") || "evidence";
        // scroll the text box, not the page, to the evidence
        text.scrollTop = Math.max(0, mark.offsetTop - text.clientHeight / 3);
      }
    }).catch((err) => {
      text.textContent = `Cannot load the document: ${err.message}`;
    });
    return { node, done };
  }
}
