import { EDGE_COLORS } from "./layer-graph-svg.js";
import { edgeLabel, isForbiddenEdge, layerLabel, type LayerGraphView } from "./report-parts.js";

/**
 * The layer graph as a Mermaid `flowchart` (GitHub renders it in pull-request comments and job
 * summaries): one node per layer in config order, one link per layer → layer dependency with
 * its import count, forbidden links in red through `linkStyle`, type-only crossings dotted.
 */

/** Mermaid's entity codes: labels are quoted, so quotes, `#` and HTML-ish characters are escaped. */
function mermaidText(text: string): string {
  return text.replace(/[#"<>&]/g, (char) => `#${char.charCodeAt(0)};`);
}

/** The flowchart source, without the code fence; empty when there is no layer. */
export function layerGraphMermaid(view: LayerGraphView): string {
  if (view.nodes.length === 0) return "";
  const lines = ["flowchart TD"];
  view.nodes.forEach((layer, index) => {
    const internal = view.internal[index];
    const detail = internal > 0 ? `<br/>${internal} ${internal === 1 ? "import" : "imports"} inside` : "";
    lines.push(`  L${index}["${mermaidText(layerLabel(layer))}${detail}"]`);
  });
  const forbidden: number[] = [];
  view.edges.forEach((edge, index) => {
    const arrow = !edge.allowed && !isForbiddenEdge(edge) ? "-.->" : "-->";
    lines.push(`  L${edge.fromIndex} ${arrow}|"${mermaidText(edgeLabel(edge))}"| L${edge.toIndex}`);
    if (isForbiddenEdge(edge)) forbidden.push(index);
  });
  const noLayer = view.nodes.indexOf(null);
  if (noLayer !== -1) lines.push(`  style L${noLayer} stroke-dasharray: 5 5`);
  if (forbidden.length > 0) {
    lines.push(`  linkStyle ${forbidden.join(",")} stroke:${EDGE_COLORS.forbidden},stroke-width:3px,color:${EDGE_COLORS.forbidden}`);
  }
  return lines.join("\n");
}
