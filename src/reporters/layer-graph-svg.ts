import { edgeLabel, escapeHtml, isForbiddenEdge, layerLabel, type LayerGraphView } from "./report-parts.js";

/**
 * The layer graph as an inline SVG, laid out by our own small code (no layout library, no
 * script). The layers are boxes in one column in config order. An import from a layer to the
 * next one down is a straight arrow between the boxes (an import back up beside it, when there
 * is one); any other import between layers bends out to the left, further the more layers it
 * skips. Files in no layer (composition roots,
 * middleware, utilities) are one tall box to the right, joined to each layer by horizontal
 * arrows, so the many edges they have never cross the layering. Edges carry their import
 * counts; forbidden edges are red. Pure: the same view always gives the same markup.
 */

const BOX_WIDTH = 190;
const BOX_HEIGHT = 50;
const GAP = 64;
const MARGIN = 16;
/** between the layer column and the box of files in no layer */
const SIDE_GAP = 210;
const SIDE_WIDTH = 120;
const LABEL_HEIGHT = 18;
/** how far an edge that skips `span` boxes bends away from the column; downward ones bend further */
const bend = (span: number, down: boolean) => 44 + 44 * span + (down ? 24 : 0);
/** a rough text width for 12px sans-serif, enough to place labels without measuring */
const textWidth = (text: string) => Math.ceil(text.length * 6.6) + 10;

export const EDGE_COLORS = { allowed: "#59636e", forbidden: "#cf222e" } as const;

interface Label {
  x: number;
  y: number;
  width: number;
  text: string;
  forbidden: boolean;
}

interface Edge {
  forbidden: boolean;
  markup: string;
}

const round = (value: number) => Math.round(value * 10) / 10;

export function layerGraphSvg(view: LayerGraphView): string {
  if (view.nodes.length === 0) return "";
  const sideIndex = view.nodes.indexOf(null);
  const column = view.nodes.filter((layer) => layer !== null);
  /** position in the column of a node index (the side box has none) */
  const row = (index: number) => column.indexOf(view.nodes[index] as string);
  const top = (position: number) => MARGIN + position * (BOX_HEIGHT + GAP);
  const middle = (position: number) => top(position) + BOX_HEIGHT / 2;
  const right = BOX_WIDTH / 2;
  const left = -BOX_WIDTH / 2;
  const columnBottom = top(Math.max(column.length, 1) - 1) + BOX_HEIGHT;
  const sideLeft = right + SIDE_GAP;

  let minX = left;
  let maxX = right;
  const edges: Edge[] = [];
  const labels: Label[] = [];
  const place = (label: Label) => {
    // move a label down until it overlaps none placed before it
    while (labels.some((other) => Math.abs(other.x - label.x) < (other.width + label.width) / 2 + 2 && Math.abs(other.y - label.y) < LABEL_HEIGHT + 1)) {
      label.y += LABEL_HEIGHT + 1;
    }
    labels.push(label);
    minX = Math.min(minX, label.x - label.width / 2);
    maxX = Math.max(maxX, label.x + label.width / 2);
  };

  for (const edge of view.edges) {
    const forbidden = isForbiddenEdge(edge);
    const text = edgeLabel(edge);
    const width = textWidth(text);
    let d: string;
    if (edge.fromIndex === sideIndex || edge.toIndex === sideIndex) {
      // to or from the files in no layer: horizontal, out of a layer above its middle, into it below
      const outward = edge.toIndex === sideIndex;
      const position = row(outward ? edge.fromIndex : edge.toIndex);
      const both = view.edges.some((other) => other !== edge && other.fromIndex === edge.toIndex && other.toIndex === edge.fromIndex);
      const y = middle(position) + (both ? (outward ? -12 : 12) : 0);
      d = outward ? `M ${right} ${y} L ${sideLeft - 2} ${y}` : `M ${sideLeft} ${y} L ${right + 2} ${y}`;
      place({ x: right + SIDE_GAP / 2, y, width, text, forbidden });
    } else {
      const from = row(edge.fromIndex);
      const to = row(edge.toIndex);
      const reverse = view.edges.find((other) => other.fromIndex === edge.toIndex && other.toIndex === edge.fromIndex);
      if (Math.abs(to - from) === 1 && (to > from || reverse)) {
        // between neighbours: straight along the column, the label beside it; down left of up when both exist
        const down = to > from;
        const x = reverse ? (down ? -BOX_WIDTH / 6 : BOX_WIDTH / 6) : 0;
        const y1 = down ? top(from) + BOX_HEIGHT : top(from);
        const y2 = down ? top(to) - 2 : top(to) + BOX_HEIGHT + 2;
        d = `M ${x} ${y1} L ${x} ${y2}`;
        const labelX = reverse && down ? x - 8 - width / 2 : x + 8 + width / 2;
        place({ x: labelX, y: (y1 + y2) / 2, width, text, forbidden });
      } else {
        // any other: bends out to the left; ports offset so that edges in and out of a box do not meet
        const down = to > from;
        const span = Math.abs(to - from);
        const y1 = middle(from) + (down ? 8 : -8);
        const y2 = middle(to) + (down ? -8 : 8);
        const control = left - bend(span, down);
        d = `M ${left} ${y1} C ${control} ${y1}, ${control} ${y2}, ${left - 2} ${y2}`;
        // centred on the bend, the line passing behind it: no doubt which edge a label belongs to
        place({ x: left - 0.75 * bend(span, down), y: (y1 + y2) / 2, width, text, forbidden });
      }
    }
    const color = forbidden ? EDGE_COLORS.forbidden : EDGE_COLORS.allowed;
    const dashed = !edge.allowed && !forbidden;
    const title = `${layerLabel(edge.from)} → ${layerLabel(edge.to)}: ${text}`;
    edges.push({
      forbidden,
      markup:
        `<path class="edge${forbidden ? " forbidden" : ""}" d="${d}" fill="none" stroke="${color}" stroke-width="${forbidden ? 2.5 : 1.5}"` +
        `${dashed ? ' stroke-dasharray="5 4"' : ""} marker-end="url(#arrow-${forbidden ? "forbidden" : "allowed"})">` +
        `<title>${escapeHtml(title)}</title></path>`,
    });
  }

  const box = (x: number, y: number, width: number, height: number, name: string, internal: number, side: boolean) => {
    const detail = internal > 0 ? `${internal} ${internal === 1 ? "import" : "imports"} inside` : "";
    const cx = x + width / 2;
    const cy = y + height / 2;
    return (
      `<g class="layer"><rect x="${x}" y="${y}" width="${width}" height="${height}" rx="8" fill="${side ? "#ffffff" : "#f6f8fa"}" stroke="#8c959f"${side ? ' stroke-dasharray="4 3"' : ""}/>` +
      `<text x="${cx}" y="${detail ? cy - 3 : cy + 5}" text-anchor="middle" font-size="15" font-weight="600" fill="#1f2328">${escapeHtml(name)}</text>` +
      (detail ? `<text x="${cx}" y="${cy + 14}" text-anchor="middle" font-size="11" fill="#59636e">${detail}</text>` : "") +
      `</g>`
    );
  };
  const boxes = column.map((layer, position) => box(left, top(position), BOX_WIDTH, BOX_HEIGHT, layer, view.internal[view.nodes.indexOf(layer)], false));
  if (sideIndex !== -1) {
    boxes.push(box(sideLeft, MARGIN, SIDE_WIDTH, columnBottom - MARGIN, layerLabel(null), view.internal[sideIndex], true));
    maxX = Math.max(maxX, sideLeft + SIDE_WIDTH);
  }

  const labelMarkup = labels.map(
    (label) =>
      `<g class="edge-label"><rect x="${round(label.x - label.width / 2)}" y="${round(label.y - LABEL_HEIGHT / 2)}" width="${label.width}" height="${LABEL_HEIGHT}" rx="4" fill="#ffffff" stroke="${label.forbidden ? EDGE_COLORS.forbidden : "#d0d7de"}"/>` +
      `<text x="${round(label.x)}" y="${round(label.y + 4)}" text-anchor="middle" font-size="12" fill="${label.forbidden ? EDGE_COLORS.forbidden : "#1f2328"}"${label.forbidden ? ' font-weight="600"' : ""}>${escapeHtml(label.text)}</text></g>`,
  );

  const x = Math.floor(minX - MARGIN);
  const width = Math.ceil(maxX + MARGIN) - x;
  const bottom = Math.max(columnBottom, ...labels.map((label) => label.y + LABEL_HEIGHT / 2));
  const height = Math.ceil(bottom + MARGIN);
  const marker = (id: string, color: string) =>
    `<marker id="arrow-${id}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="${color}"/></marker>`;
  const summary = view.nodes.map((layer) => layerLabel(layer)).join(", ");
  return [
    `<svg class="layer-graph" role="img" aria-label="${escapeHtml(`Layer graph: ${summary}`)}" width="${width}" height="${height}" viewBox="${x} 0 ${width} ${height}" font-family="system-ui, -apple-system, 'Segoe UI', sans-serif">`,
    `<defs>${marker("allowed", EDGE_COLORS.allowed)}${marker("forbidden", EDGE_COLORS.forbidden)}</defs>`,
    ...boxes,
    // allowed edges first, so red ones are drawn on top
    ...edges.filter((edge) => !edge.forbidden).map((edge) => edge.markup),
    ...edges.filter((edge) => edge.forbidden).map((edge) => edge.markup),
    ...labelMarkup,
    `</svg>`,
  ].join("\n");
}
