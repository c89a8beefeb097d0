import { stripVTControlCharacters } from "node:util";

export type Alignment = "left" | "right";

/** Visible width of a cell: ANSI colour codes take no room on screen. */
export function visibleWidth(text: string): number {
  return text.includes("\u001b") || text.includes("\u009b") ? stripVTControlCharacters(text).length : text.length;
}

/**
 * Lays rows out as a table: every column as wide as its widest cell, cells joined by `separator`,
 * trailing spaces removed from each line. Columns without an alignment are left-aligned.
 */
export function alignColumns(
  rows: readonly (readonly string[])[],
  align: readonly Alignment[] = [],
  separator = "  ",
): string[] {
  const widths: number[] = [];
  const cellWidths = rows.map((row) =>
    row.map((cell, index) => {
      const width = visibleWidth(cell);
      widths[index] = Math.max(widths[index] ?? 0, width);
      return width;
    }),
  );
  return rows.map((row, rowIndex) =>
    row
      .map((cell, index) => {
        const padding = " ".repeat(widths[index] - cellWidths[rowIndex][index]);
        return align[index] === "right" ? padding + cell : cell + padding;
      })
      .join(separator)
      .trimEnd(),
  );
}
