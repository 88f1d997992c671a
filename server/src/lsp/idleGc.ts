// Gives memory back once the server goes idle after analysing.
//
// An analysis allocates many times what it keeps (a 100 KB contract keeps ~100 KB of
// findings and allocates tens of MB on the way). V8 collects the old generation only once
// it has grown by a factor over what was live after the last full collection, and the
// survivors it leaves are spread thinly over many pages: after opening 100 documents of
// 100 KB, `npm run bench:lsp` saw 230–300 MB RSS for 20 s of idleness with ~50 MB live
// (old space 71 MB for 27 MB live after a plain full GC), V8's memory reducer did not
// step in. So, once nothing has been analysed for `delayMs` and the heap grew by
// `minGrowthBytes` since the last time, the server runs one full, compacting collection:
// measured 26–80 ms, old space back to what is live, RSS 250 → ~150 MB. It never runs
// between a keystroke and its diagnostics (it waits for a pause longer than the debounce).
//
// Launch flags that shrink the heap for good (--optimize-for-size; a small
// --max-semi-space-size with --heap-growing-percent=10) cut RSS as much but made
// keystroke → diagnostics on the 1 MB contract 2–3× slower; see client/src/extension.ts
// for the one launch flag the server does get.
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

type Gc = () => void;

/** `gc()` without --expose-gc on the command line, so every client's launch gets it. */
function exposeGc(): Gc | undefined {
  const existing = (globalThis as { gc?: Gc }).gc;
  if (typeof existing === "function") return existing;
  try {
    setFlagsFromString("--expose-gc");
    const gc = runInNewContext("gc") as unknown;
    return typeof gc === "function" ? (gc as Gc) : undefined;
  } catch {
    return undefined;
  }
}

/** Sets a V8 boolean flag at run time; false if V8 refused. GC flags are read at each collection. */
function setFlag(name: string, on: boolean): boolean {
  try {
    setFlagsFromString(on ? `--${name}` : `--no-${name}`);
    return true;
  } catch {
    return false;
  }
}

export class IdleCollector {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly gc: Gc | undefined;
  /** Heap used after the last collection (ours or V8's, as seen when we last looked). */
  private settled = 0;

  /**
   * @param delayMs how long after the last analysis to collect
   * @param minGrowthBytes collect only if the heap grew at least this much since the last collection
   */
  constructor(
    private readonly delayMs = 500,
    private readonly minGrowthBytes = 16 * 1024 * 1024,
    gc: Gc | undefined = exposeGc(),
  ) {
    this.gc = gc;
  }

  get available(): boolean {
    return this.gc !== undefined;
  }

  /** Call after each analysis: (re)starts the idle countdown. */
  analysed(): void {
    if (!this.gc) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.collect(), this.delayMs);
    // An idle server waiting to collect must not keep the process alive.
    this.timer.unref?.();
  }

  /** Collects now if the heap grew enough; returns whether it did. */
  collect(): boolean {
    this.timer = undefined;
    if (!this.gc) return false;
    const used = process.memoryUsage().heapUsed;
    if (used - this.settled < this.minGrowthBytes) {
      // V8 collected on its own meanwhile; remember the lower mark.
      this.settled = Math.min(this.settled, used);
      return false;
    }
    // A plain full GC frees the garbage but leaves the survivors spread over their pages;
    // for this one collection, V8 is asked to evacuate every fragmented page.
    const compact = setFlag("compact-on-every-full-gc", true);
    try {
      this.gc();
    } finally {
      if (compact) setFlag("compact-on-every-full-gc", false);
    }
    this.settled = process.memoryUsage().heapUsed;
    return true;
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}
