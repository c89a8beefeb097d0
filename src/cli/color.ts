/**
 * Whether the output takes ANSI colour, as Node's own `tty` decides it: `--color` / `--no-color`
 * win; then `FORCE_COLOR` (`0` or `false` turn colour off, any other value on, even into a pipe),
 * which Node lets override `NO_COLOR`; then `NO_COLOR` (set and not empty: off, https://no-color.org);
 * then `TERM=dumb` (off); else colour only when the stream is a terminal.
 */
export function colorFromEnvironment(env: NodeJS.ProcessEnv, isTTY: boolean): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== "0" && force.toLowerCase() !== "false";
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  if (env.TERM === "dumb") return false;
  return isTTY;
}

