/** Glob validation: a broken glob in the config is a user mistake, reported with the reason. */
import picomatch from "picomatch";

/** Returns why `glob` is invalid, or undefined when it is fine. */
export function globProblem(glob: string): string | undefined {
  if (glob.trim() === "") return "empty pattern";
  try {
    picomatch.makeRe(glob, { strictBrackets: true });
  } catch (error) {
    return describePicomatchError(error instanceof Error ? error.message : String(error));
  }
  // picomatch accepts a stray closing brace ("src/a}") silently; count braces ourselves.
  return unbalancedBraces(glob);
}

function describePicomatchError(message: string): string {
  const match = /^Missing (opening|closing): "(.)"/.exec(message);
  if (match) return missing(match[1] as "opening" | "closing", match[2]);
  return message.charAt(0).toLowerCase() + message.slice(1);
}

function missing(which: "opening" | "closing", char: string): string {
  const pair: Record<string, string> = { "[": "]", "]": "[", "{": "}", "}": "{", "(": ")", ")": "(" };
  const unmatched = pair[char] ?? char;
  return `unmatched "${unmatched}" (missing ${which} "${char}"; escape it as "\\${unmatched}" to match it literally)`;
}

function unbalancedBraces(glob: string): string | undefined {
  let depth = 0;
  let inBrackets = false;
  for (let i = 0; i < glob.length; i++) {
    const char = glob[i];
    if (char === "\\") {
      i++;
      continue;
    }
    if (inBrackets) {
      if (char === "]") inBrackets = false;
      continue;
    }
    if (char === "[") inBrackets = true;
    else if (char === "{") depth++;
    else if (char === "}") {
      if (depth === 0) return missing("opening", "{");
      depth--;
    }
  }
  return depth > 0 ? missing("closing", "}") : undefined;
}
