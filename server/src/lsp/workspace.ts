// Findings and coverage for every Markdown document of the workspace, open or not. A
// background check reads the files from disk one at a time, yielding to the editor between
// files and pausing while typing work is pending, so keystrokes are always served first.
// Closed files keep their findings (pushed, or answered to workspace diagnostic pulls) and
// are checked again when they change on disk or are closed.
import { sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { DocumentCoverage, Finding, LineIndex } from "../engine";
import { runSoon } from "./immediate";
import type { CoverageRow, WorkspaceCheckResult, WorkspaceProgress } from "../protocol";

/** What one document's check gives: its findings as shown, and its coverage when linted. */
export interface CheckedDocument {
  findings: Finding[];
  lines: LineIndex;
  coverage?: DocumentCoverage;
}

export interface WorkspaceDeps {
  /** The Markdown files (absolute paths) of a workspace folder that its include globs select. */
  listFiles(folderUri: string): Promise<string[]>;
  /** Reads and analyses a file on disk as the editor would; undefined when it is gone or not linted. */
  checkFile(uri: string): Promise<CheckedDocument | undefined>;
  /** Whether the document is open in the editor (its live buffer then speaks for it). */
  isOpen(uri: string): boolean;
  /** True while editor work (a debounced publish) is waiting: background work then pauses. */
  busy(): boolean;
  /** Push clients: publish or clear a closed file's findings. */
  publish?(uri: string, checked: CheckedDocument | undefined): void;
  progress?(p: WorkspaceProgress): void;
  /** Some document's findings or coverage changed. */
  changed?(): void;
}

export interface Cancellation {
  isCancellationRequested: boolean;
}

interface Entry {
  uri: string;
  checked?: CheckedDocument;
  /** Bumped on every check, so a pull can answer "unchanged". */
  resultId: string;
  /** Deleted, ignored or excluded since: reported once as having no findings. */
  gone?: boolean;
}

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const yieldToEditor = () => new Promise<void>((resolve) => runSoon(resolve));
/** Paths compare equal however a client encoded the URI. */
export const pathKey = (uri: string): string => {
  try {
    return uri.startsWith("file:") ? fileURLToPath(uri) : uri;
  } catch {
    return uri;
  }
};

export class WorkspaceFindings {
  private readonly entries = new Map<string, Entry>();
  private folders: string[] = [];
  private serial = 0;
  private running: Promise<WorkspaceCheckResult> | undefined;
  private cancelRunning: Cancellation = { isCancellationRequested: false };
  private readonly waiters = new Set<() => void>();
  /** Files changed on disk or closed, checked again in the background. */
  private readonly stale = new Set<string>();
  private draining = false;

  constructor(private readonly deps: WorkspaceDeps) {}

  setFolders(folders: string[]): void {
    this.folders = folders.filter((f) => f.startsWith("file:"));
  }

  /** How many files the workspace has, as last listed. */
  get size(): number {
    return this.entries.size;
  }

  /**
   * Checks every file of the workspace. A check already running is cancelled and replaced
   * (the newest request wins). Resolves when done or cancelled.
   */
  check(token: Cancellation = { isCancellationRequested: false }): Promise<WorkspaceCheckResult> {
    this.cancelRunning.isCancellationRequested = true;
    const own: Cancellation = { isCancellationRequested: false };
    this.cancelRunning = own;
    const cancelled = () => own.isCancellationRequested || token.isCancellationRequested;
    const previous = this.running;
    const run = (async (): Promise<WorkspaceCheckResult> => {
      await previous?.catch(() => undefined);
      const listed = new Set<string>();
      for (const folder of this.folders) {
        for (const path of await this.deps.listFiles(folder)) listed.add(pathToFileURL(path).href);
      }
      // Files no longer in the workspace lose their findings.
      const listedKeys = new Set([...listed].map(pathKey));
      for (const key of this.entries.keys()) if (!listedKeys.has(key)) this.remove(key);
      const uris = [...listed];
      let done = 0;
      this.deps.progress?.({ done, total: uris.length });
      for (const uri of uris) {
        if (cancelled()) break;
        await this.whenIdle();
        if (cancelled()) break;
        if (!this.deps.isOpen(uri)) await this.checkOne(uri);
        else this.entries.set(pathKey(uri), this.entries.get(pathKey(uri)) ?? { uri, resultId: this.nextId() });
        done++;
        this.deps.progress?.({ done, total: uris.length });
      }
      return { checked: done, total: uris.length, cancelled: done < uris.length };
    })();
    this.running = run;
    return run;
  }

  /** Files changed, created or deleted on disk: check them again (open ones speak for themselves). */
  changedOnDisk(uris: string[]): void {
    for (const uri of uris) if (/\.(md|markdown)$/i.test(uri)) this.stale.add(uri);
    void this.drain();
  }

  /** A document was closed: what is on disk is what counts now. */
  closed(uri: string): void {
    if (this.entries.has(pathKey(uri))) this.changedOnDisk([uri]);
  }

  /** The coverage rows of the files on disk that are not open. */
  closedRows(): CoverageRow[] {
    const rows: CoverageRow[] = [];
    for (const entry of this.entries.values()) {
      if (entry.gone || this.deps.isOpen(entry.uri) || !entry.checked?.coverage) continue;
      rows.push(coverageRow(entry.uri, entry.checked.coverage, entry.checked.lines));
    }
    return rows;
  }

  /** For a workspace diagnostic pull: the closed files whose result differs from the client's. */
  changedSince(previous: Map<string, string>): { uri: string; resultId: string; checked?: CheckedDocument }[] {
    const out: { uri: string; resultId: string; checked?: CheckedDocument }[] = [];
    for (const entry of this.entries.values()) {
      if (this.deps.isOpen(entry.uri)) continue;
      const known = previous.get(pathKey(entry.uri));
      if (known === entry.resultId) continue;
      out.push({ uri: entry.uri, resultId: entry.resultId, checked: entry.checked });
    }
    return out;
  }

  /** Resolves at the next change of any closed file's result (or after `ms`). */
  nextChange(ms: number, token: Cancellation): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearInterval(poll);
        clearTimeout(timer);
        this.waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      // A cancelled pull must not hold its promise until the timeout.
      const poll = setInterval(() => token.isCancellationRequested && done(), 100);
      this.waiters.add(done);
    });
  }

  cancel(): void {
    this.cancelRunning.isCancellationRequested = true;
    for (const w of [...this.waiters]) w();
  }

  private nextId(): string {
    return `ws:${++this.serial}`;
  }

  private async whenIdle(): Promise<void> {
    await yieldToEditor();
    while (this.deps.busy()) await pause(20);
  }

  private async checkOne(uri: string): Promise<void> {
    let checked: CheckedDocument | undefined;
    try {
      checked = await this.deps.checkFile(uri);
    } catch {
      checked = undefined;
    }
    // Opened while it was read: the live buffer speaks for it now.
    if (this.deps.isOpen(uri)) return;
    const key = pathKey(uri);
    this.entries.set(key, { uri: this.entries.get(key)?.uri ?? uri, checked, resultId: this.nextId() });
    this.deps.publish?.(uri, checked);
    this.notify();
  }

  private remove(key: string): void {
    const entry = this.entries.get(key);
    if (!entry || entry.gone) return;
    this.entries.set(key, { uri: entry.uri, resultId: this.nextId(), gone: true });
    if (!this.deps.isOpen(entry.uri)) this.deps.publish?.(entry.uri, undefined);
    this.notify();
  }

  private async drain(): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    try {
      while (this.stale.size) {
        const [uri] = this.stale;
        this.stale.delete(uri);
        await this.whenIdle();
        if (this.deps.isOpen(uri)) continue;
        const inWorkspace = this.folders.some((f) => pathKey(uri).startsWith(pathKey(f).replace(/[\\/]$/, "") + sep));
        if (!inWorkspace) continue;
        const listed = (await this.listedIn(uri)) ?? false;
        if (listed) await this.checkOne(uri);
        else this.remove(pathKey(uri));
      }
    } finally {
      this.draining = false;
    }
  }

  /** Whether the file is (still) one the workspace check would list: it exists, is included and not ignored. */
  private async listedIn(uri: string): Promise<boolean | undefined> {
    const path = pathKey(uri);
    for (const folder of this.folders) {
      if (!path.startsWith(pathKey(folder).replace(/[\\/]$/, "") + sep)) continue;
      return (await this.deps.listFiles(folder)).includes(path);
    }
    return undefined;
  }

  private notify(): void {
    for (const w of [...this.waiters]) w();
    this.deps.changed?.();
  }
}

export function coverageRow(uri: string, coverage: DocumentCoverage, lines: LineIndex): CoverageRow {
  return {
    uri,
    kind: coverage.kind,
    profile: coverage.profile,
    complete: coverage.complete,
    counts: coverage.counts,
    cells: coverage.cells.map((c) => ({ term: c.term, label: c.label, state: c.state, reason: c.reason, note: c.note, range: lines.range(c.start, c.end) })),
  };
}
