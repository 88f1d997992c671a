// Globs (`*`, `**`, `?`, `{a,b}`, `[abc]`) matched without backtracking. A glob comes from
// workspace files (`ignore` in .policylens.yaml, `policyLens.include`) that a supplier may
// have written, so matching must cost at most (path length × glob length) whatever the
// glob: compiled to a regular expression, `*a*a*a*a*c.md` backtracks exponentially.

export class GlobError extends Error {}

/** Brace alternatives one glob may expand to (`{a,b}{c,d}` is 4): past it the glob is refused. */
export const GLOB_ALTERNATIVES_LIMIT = 256;

type Step =
  | { kind: "char"; char: string }
  | { kind: "one" } // `?`: any character but `/`
  | { kind: "star" } // `*`: any run of characters without `/`
  | { kind: "dirs" } // `**/`: any number of whole folders
  | { kind: "all" } // `**` elsewhere: anything, `/` included
  | { kind: "class"; negated: boolean; ranges: [number, number][] };

export interface GlobMatcher {
  /** True when the whole `/`-separated path matches. */
  test(path: string): boolean;
}

/** Compiles a glob; throws GlobError for an unclosed `{`, a reversed range such as `[z-a]`, or too many alternatives. */
export function compileGlob(glob: string): GlobMatcher {
  // Each alternative's pieces are compiled apart: `*{a,}*` is `*` then `*`, never `**`.
  const programs = expandBraces(glob).map((pieces) => pieces.flatMap(compileSteps));
  return { test: (path) => programs.some((steps) => run(steps, path)) };
}

/** The glob's brace alternatives, each as the pieces of text between braces. */
function expandBraces(glob: string): string[][] {
  let i = 0;
  const limit = (n: number) => {
    if (n > GLOB_ALTERNATIVES_LIMIT) throw new GlobError(`"${glob}" has more than ${GLOB_ALTERNATIVES_LIMIT} brace alternatives`);
  };
  const sequence = (inBraces: boolean): string[][] => {
    let outs: string[][] = [[""]];
    const append = (text: string) => outs.forEach((o) => (o[o.length - 1] += text));
    while (i < glob.length) {
      const c = glob[i];
      if (inBraces && (c === "," || c === "}")) break;
      if (c === "{") {
        i++;
        const alternatives = list();
        limit(outs.length * alternatives.length);
        outs = outs.flatMap((o) => alternatives.map((a) => [...o, ...a, ""]));
      } else if (c === "[") {
        const close = glob.indexOf("]", i + 1);
        const piece = close < 0 ? "[" : glob.slice(i, close + 1);
        i += piece.length;
        append(piece);
      } else {
        i++;
        append(c);
      }
    }
    return outs;
  };
  const list = (): string[][] => {
    const alternatives: string[][] = [];
    for (;;) {
      for (const a of sequence(true)) alternatives.push(a);
      limit(alternatives.length);
      if (i >= glob.length) throw new GlobError(`"${glob}" is not a valid glob (check its braces and brackets)`);
      if (glob[i++] === "}") return alternatives;
    }
  };
  return sequence(false);
}

function compileSteps(glob: string): Step[] {
  const steps: Step[] = [];
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === "*") {
      if (glob[i + 1] === "*") {
        const dirs = glob[i + 2] === "/";
        steps.push({ kind: dirs ? "dirs" : "all" });
        i += dirs ? 2 : 1;
      } else if (steps[steps.length - 1]?.kind !== "star") steps.push({ kind: "star" });
    } else if (c === "?") steps.push({ kind: "one" });
    else if (c === "[" && glob.indexOf("]", i + 1) > 0) {
      const close = glob.indexOf("]", i + 1);
      steps.push(characterClass(glob, glob.slice(i + 1, close)));
      i = close;
    } else steps.push({ kind: "char", char: c });
  }
  return steps;
}

function characterClass(glob: string, body: string): Step {
  const negated = body.startsWith("!") || body.startsWith("^");
  const chars = negated ? body.slice(1) : body;
  const ranges: [number, number][] = [];
  for (let k = 0; k < chars.length; k++) {
    const from = chars.charCodeAt(k);
    if (chars[k + 1] === "-" && k + 2 < chars.length) {
      const to = chars.charCodeAt(k + 2);
      if (to < from) throw new GlobError(`"${glob}" is not a valid glob (check its braces and brackets)`);
      ranges.push([from, to]);
      k += 2;
    } else ranges.push([from, from]);
  }
  return { kind: "class", negated, ranges };
}

/**
 * Runs the steps as a set of states over the path, one character at a time (no
 * backtracking). State 2k is "before step k"; 2k+1 is "inside a folder name of step k"
 * (only `**` + `/` has that inner state). State 2n is "every step done".
 */
function run(steps: Step[], path: string): boolean {
  const n = steps.length;
  let current = new Uint8Array(2 * n + 2);
  let next = new Uint8Array(2 * n + 2);
  // Steps that match nothing can be skipped: `*`, `**` and `**/` (zero folders).
  const close = (set: Uint8Array) => {
    for (let k = 0; k < n; k++) if (set[2 * k] && steps[k].kind !== "char" && steps[k].kind !== "one" && steps[k].kind !== "class") set[2 * (k + 1)] = 1;
  };
  current[0] = 1;
  close(current);
  for (let p = 0; p < path.length; p++) {
    const c = path[p];
    const code = path.charCodeAt(p);
    next.fill(0);
    let any = false;
    for (let k = 0; k < n; k++) {
      const step = steps[k];
      if (current[2 * k]) {
        switch (step.kind) {
          case "char":
            if (c === step.char) next[2 * (k + 1)] = 1;
            break;
          case "one":
            if (c !== "/") next[2 * (k + 1)] = 1;
            break;
          case "class": {
            const inside = step.ranges.some(([a, b]) => code >= a && code <= b);
            if (c !== "/" && inside !== step.negated) next[2 * (k + 1)] = 1;
            break;
          }
          case "star":
            if (c !== "/") next[2 * k] = 1;
            break;
          case "all":
            next[2 * k] = 1;
            break;
          case "dirs":
            next[c === "/" ? 2 * k : 2 * k + 1] = 1;
            break;
        }
      }
      if (current[2 * k + 1] && step.kind === "dirs") next[c === "/" ? 2 * k : 2 * k + 1] = 1;
    }
    close(next);
    for (let s = 0; s < next.length && !any; s++) any = next[s] === 1;
    if (!any) return false;
    [current, next] = [next, current];
  }
  return current[2 * n] === 1;
}
