// Highlighting spans of a document. Offsets from the server count Unicode code points (Python
// strings); JavaScript strings count UTF-16 units, so text is handled as an array of code points.

export function codePoints(text) {
  return Array.from(text);
}

export function sliceCodePoints(points, start, end) {
  return points.slice(start, end).join("");
}

// Cut [0, length) at every span boundary: each piece lists the spans (indices) that cover it.
export function segments(length, spans) {
  const cuts = new Set([0, length]);
  for (const span of spans) {
    cuts.add(Math.max(0, Math.min(length, span.start)));
    cuts.add(Math.max(0, Math.min(length, span.end)));
  }
  const sorted = [...cuts].sort((a, b) => a - b);
  const pieces = [];
  for (let i = 0; i + 1 < sorted.length; i++) {
    const start = sorted[i];
    const end = sorted[i + 1];
    const covering = [];
    spans.forEach((span, index) => {
      if (span.start <= start && span.end >= end) covering.push(index);
    });
    pieces.push({ start, end, covering });
  }
  return pieces;
}

// One document with one span to show as evidence: the span is one <mark class="evidence">
// whose text is exactly text[start:end]; other spans of the document are underlined.
export function renderEvidence(container, text, primary, others = []) {
  const points = codePoints(text);
  const spans = [primary, ...others];
  container.replaceChildren();
  let mark = null;
  for (const piece of segments(points.length, spans)) {
    const content = sliceCodePoints(points, piece.start, piece.end);
    const inPrimary = piece.covering.includes(0);
    const otherIndex = piece.covering.find((i) => i !== 0);
    let node = document.createTextNode(content);
    if (otherIndex !== undefined) {
      const other = document.createElement("span");
      other.className = "span-other";
      other.title = spans[otherIndex].title || "";
      other.append(node);
      node = other;
    }
    if (inPrimary) {
      if (!mark) {
        mark = document.createElement("mark");
        mark.className = "evidence";
        mark.dataset.start = String(primary.start);
        mark.dataset.end = String(primary.end);
        container.append(mark);
      }
      mark.append(node);
    } else {
      container.append(node);
    }
  }
  return mark;
}

// A text with many spans (the paste page): each covered piece is a <mark> listing the spans
// that cover it in data-spans, coloured by the first of them.
export function renderSpans(container, text, spans) {
  const points = codePoints(text);
  container.replaceChildren();
  for (const piece of segments(points.length, spans)) {
    const content = sliceCodePoints(points, piece.start, piece.end);
    if (piece.covering.length === 0) {
      container.append(document.createTextNode(content));
      continue;
    }
    const mark = document.createElement("mark");
    mark.className = "span";
    mark.dataset.spans = piece.covering.join(" ");
    mark.style.setProperty("--span-colour", spans[piece.covering[0]].colour);
    mark.title = piece.covering.map((i) => spans[i].title).join("\n");
    mark.textContent = content;
    container.append(mark);
  }
}
