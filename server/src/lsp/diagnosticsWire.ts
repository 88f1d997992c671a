// Published diagnostics as JSON bytes, reusing the previous publish's bytes where it can.
//
// A 1 MB contract has ~4,600 diagnostics (1.9 MB of JSON), published on every keystroke;
// turning them into diagnostic objects, one JSON string and a Buffer took ~10 ms of a 20 ms
// budget. A keystroke changes only the findings near the edit, and the rest serialise
// exactly as before (unless the edit added or removed a line break, which moves the lines
// after it). So each document keeps its last publish as groups of encoded diagnostics:
// groups wholly before the first or after the last changed diagnostic are reused as they
// are, and only the groups in between are serialised again. The bytes sent are the bytes
// JSON.stringify gives for the plain message.
import { AbstractMessageWriter, type Diagnostic, type FullDocumentDiagnosticReport, type Message, type MessageWriter, type NotificationMessage, type PublishDiagnosticsParams, type ResponseMessage } from "vscode-languageserver/node";
import type { Finding, LineIndex } from "../engine";
import { SEVERITY, toDiagnostic } from "./convert";

/** Diagnostics per group serialised together: the unit of reuse. */
export const GROUP_SIZE = 64;

const PUBLISH_DIAGNOSTICS = "textDocument/publishDiagnostics";

/**
 * Everything that decides each diagnostic's JSON, in publish order (`source` is a constant,
 * and `toDiagnostic` derives every field from these).
 */
class DiagnosticValues {
  readonly codes: string[];
  readonly messages: string[];
  /** With the code, what decides the docs link (`docsLink`): cheaper to compare than to look up. */
  readonly references: (string | undefined)[];
  readonly severities: Uint8Array;
  /** Four per diagnostic: start line, start character, end line, end character. */
  readonly positions: Int32Array;

  constructor(findings: readonly Finding[], lines: LineIndex) {
    const n = findings.length;
    this.codes = new Array<string>(n);
    this.messages = new Array<string>(n);
    this.references = new Array<string | undefined>(n);
    this.severities = new Uint8Array(n);
    this.positions = new Int32Array(n * 4);
    // Findings come in document order, so each one's line is found from the one before.
    let line = 0;
    for (let i = 0; i < n; i++) {
      const f = findings[i];
      this.codes[i] = f.rule;
      this.messages[i] = f.message;
      this.references[i] = f.reference?.url;
      this.severities[i] = SEVERITY[f.severity];
      // As lines.position gives them, without two objects per diagnostic per keystroke.
      const startLine = (line = lines.lineAt(f.start, line));
      const endLine = lines.lineAt(f.end, startLine);
      this.positions[i * 4] = startLine;
      this.positions[i * 4 + 1] = lines.character(f.start, startLine);
      this.positions[i * 4 + 2] = endLine;
      this.positions[i * 4 + 3] = lines.character(f.end, endLine);
    }
  }

  get length(): number {
    return this.codes.length;
  }

  /**
   * How many diagnostics, from `i` here and `j` in `other` on, stepping by `step` (1 forward,
   * -1 backward), serialise exactly alike; at most `max`. One loop over the arrays: it runs
   * over every diagnostic twice per keystroke.
   */
  matching(i: number, other: DiagnosticValues, j: number, step: 1 | -1, max: number): number {
    const p = this.positions;
    const q = other.positions;
    const severities = this.severities;
    const otherSeverities = other.severities;
    const codes = this.codes;
    const otherCodes = other.codes;
    const references = this.references;
    const otherReferences = other.references;
    const messages = this.messages;
    const otherMessages = other.messages;
    let n = 0;
    for (; n < max; n++, i += step, j += step) {
      const x = i * 4;
      const y = j * 4;
      if (p[x] !== q[y] || p[x + 1] !== q[y + 1] || p[x + 2] !== q[y + 2] || p[x + 3] !== q[y + 3]) break;
      if (severities[i] !== otherSeverities[j] || codes[i] !== otherCodes[j]) break;
      if (references[i] !== otherReferences[j] || messages[i] !== otherMessages[j]) break;
    }
    return n;
  }
}

/** One document's last publish: its diagnostics' values and their JSON in groups. */
interface Published {
  values: DiagnosticValues;
  /** Each group: its diagnostics' JSON objects joined by ",". */
  groups: Buffer[];
  /** The index just past each group's last diagnostic. */
  groupEnds: number[];
}

/**
 * The params of a publishDiagnostics notification with its diagnostics already encoded.
 * `PartsMessageWriter` writes its groups as they are; anything else (Node IPC, tracing,
 * tests) serialises it through `toJSON`, the plain params.
 */
export class PreparedDiagnostics implements PublishDiagnosticsParams {
  private plain?: Diagnostic[];

  constructor(
    readonly uri: string,
    readonly version: number | undefined,
    /** The encoded diagnostics, or undefined for a publish encoded as plain JSON. */
    readonly groups: readonly Buffer[] | undefined,
    private readonly findings: readonly Finding[],
    private readonly lines: LineIndex,
  ) {
    // Converted now, not when written: the next keystroke's analysis moves the findings in
    // place (engine/incremental.ts), and a message may wait for the one before it.
    if (!groups) this.plain = findings.map((f) => toDiagnostic(f, lines));
  }

  get diagnostics(): Diagnostic[] {
    return (this.plain ??= this.findings.map((f) => toDiagnostic(f, this.lines)));
  }

  toJSON(): PublishDiagnosticsParams {
    return { uri: this.uri, version: this.version, diagnostics: this.diagnostics };
  }
}

/**
 * A full pull-diagnostics report (`textDocument/diagnostic`) whose items are encoded as a
 * publish's are: clients that pull (VS Code does) get the same reuse.
 */
export class PreparedReport implements FullDocumentDiagnosticReport {
  readonly kind = "full";

  constructor(
    readonly resultId: string | undefined,
    private readonly prepared: PreparedDiagnostics,
  ) {}

  get groups(): readonly Buffer[] | undefined {
    return this.prepared.groups;
  }

  get items(): Diagnostic[] {
    return this.prepared.diagnostics;
  }

  toJSON(): FullDocumentDiagnosticReport {
    return { kind: this.kind, resultId: this.resultId, items: this.items };
  }
}

/** How many documents keep their last publish: the ones being typed in. */
export const KEEP_PUBLISHED = 4;
/**
 * Fewer diagnostics than this (a document under ~200 KB) are encoded in one go and nothing
 * is kept: it takes a millisecond or two, and kept bytes cost memory the allocator does not
 * give back (100 open 100 KB documents: +10 MB RSS).
 */
export const MIN_KEPT_DIAGNOSTICS = 1000;

/**
 * Per document URI, the last publish's encoded diagnostics; see the top of this file. Only
 * the most recently published documents keep theirs: a background document is not typed
 * in, and 100 open documents of 100 KB held 25 MB of bytes that were never reused.
 */
export class DiagnosticsWire {
  private readonly published = new Map<string, Published>();

  private readonly groupSize: number;
  private readonly keep: number;
  private readonly minimum: number;

  constructor(options: { groupSize?: number; keep?: number; minDiagnostics?: number } = {}) {
    this.groupSize = options.groupSize ?? GROUP_SIZE;
    this.keep = options.keep ?? KEEP_PUBLISHED;
    this.minimum = options.minDiagnostics ?? MIN_KEPT_DIAGNOSTICS;
  }

  /** The params for publishing `findings`; they become the document's last publish. */
  prepare(uri: string, version: number | undefined, findings: readonly Finding[], lines: LineIndex): PreparedDiagnostics {
    if (findings.length < this.minimum) {
      this.published.delete(uri);
      return new PreparedDiagnostics(uri, version, undefined, findings, lines);
    }
    const values = new DiagnosticValues(findings, lines);
    const previous = this.published.get(uri);
    const n = values.length;
    const groups: Buffer[] = [];
    const groupEnds: number[] = [];
    // Diagnostics [0, head) come in reused groups from the front, [n - tail, n) from the back.
    let head = 0;
    let tail = 0;
    let tailGroups = 0;
    if (previous) {
      const o = previous.values.length;
      const common = Math.min(n, o);
      const prefix = values.matching(0, previous.values, 0, 1, common);
      const suffix = values.matching(n - 1, previous.values, o - 1, -1, common - prefix);
      const groupStart = (g: number) => (g === 0 ? 0 : previous.groupEnds[g - 1]);
      let headGroups = 0;
      while (headGroups < previous.groups.length && previous.groupEnds[headGroups] <= prefix) headGroups++;
      while (tailGroups < previous.groups.length - headGroups && groupStart(previous.groups.length - 1 - tailGroups) >= o - suffix) tailGroups++;
      head = groupStart(headGroups);
      tail = o - groupStart(previous.groups.length - tailGroups);
      for (let g = 0; g < headGroups; g++) groups.push(previous.groups[g]);
      for (let g = 0; g < headGroups; g++) groupEnds.push(previous.groupEnds[g]);
    }
    this.encodeGroups(findings, lines, head, n - tail, groups, groupEnds);
    if (previous) {
      const shift = n - previous.values.length;
      for (let g = previous.groups.length - tailGroups; g < previous.groups.length; g++) {
        groups.push(previous.groups[g]);
        groupEnds.push(previous.groupEnds[g] + shift);
      }
    }
    // Most recent last, so the first key is the one to drop.
    this.published.delete(uri);
    this.published.set(uri, { values, groups, groupEnds });
    if (this.published.size > this.keep) this.published.delete(this.published.keys().next().value as string);
    return new PreparedDiagnostics(uri, version, groups, findings, lines);
  }

  /** A full pull report of `findings`, encoded as `prepare` encodes a publish (they share the document's last one). */
  report(uri: string, resultId: string | undefined, findings: readonly Finding[], lines: LineIndex): PreparedReport {
    return new PreparedReport(resultId, this.prepare(uri, undefined, findings, lines));
  }

  /** The document closed: its last publish is of no more use. */
  forget(uri: string): void {
    this.published.delete(uri);
  }

  /** How many documents have a last publish kept. */
  get size(): number {
    return this.published.size;
  }

  /** Serialises diagnostics [from, to) into groups of about `groupSize` each, appended. */
  private encodeGroups(findings: readonly Finding[], lines: LineIndex, from: number, to: number, groups: Buffer[], groupEnds: number[]): void {
    const count = Math.ceil((to - from) / this.groupSize);
    for (let k = 0; k < count; k++) {
      // Even sizes, so a few changed diagnostics never leave a sliver of a group behind.
      const start = from + Math.floor(((to - from) * k) / count);
      const end = from + Math.floor(((to - from) * (k + 1)) / count);
      const json = JSON.stringify(findings.slice(start, end).map((f) => toDiagnostic(f, lines)));
      groups.push(Buffer.from(json.slice(1, -1), "utf8"));
      groupEnds.push(end);
    }
  }
}

/** Made on first use: the module also loads in the web worker build, which has no Buffer (and never encodes groups). */
let comma: Buffer | undefined;

/**
 * A message whose diagnostics list is written from encoded groups: the JSON of the message
 * with that list empty, the list's key (the last in the message, so the last match of it:
 * quotes inside strings are escaped), and the groups.
 */
interface Spliced {
  shell: string;
  key: string;
  groups: readonly Buffer[];
}

function splicedMessage(msg: Message): Spliced | undefined {
  const { method, params } = msg as NotificationMessage;
  if (method === PUBLISH_DIAGNOSTICS && params instanceof PreparedDiagnostics && params.groups) {
    return { shell: JSON.stringify({ ...msg, params: { uri: params.uri, version: params.version, diagnostics: [] } }), key: '"diagnostics":[]', groups: params.groups };
  }
  const { result } = msg as ResponseMessage;
  if (result instanceof PreparedReport && result.groups) {
    return { shell: JSON.stringify({ ...msg, result: { kind: result.kind, resultId: result.resultId, items: [] } }), key: '"items":[]', groups: result.groups };
  }
  return undefined;
}

/** The message as the parts its JSON is written from: its shell, with the groups written into the empty list. */
function splicedParts({ shell, key, groups }: Spliced): Buffer[] {
  const at = shell.lastIndexOf(key) + key.length - 1;
  const parts: Buffer[] = [Buffer.from(shell.slice(0, at), "utf8")];
  groups.forEach((group, i) => {
    if (i > 0) parts.push((comma ??= Buffer.from(",")));
    parts.push(group);
  });
  parts.push(Buffer.from(shell.slice(at), "utf8"));
  return parts;
}

/**
 * A message's UTF-8 JSON, in parts: a prepared publish or pull report from its groups, any
 * other message as vscode-jsonrpc's default encoder encodes it. The parts joined are the
 * bytes JSON.stringify gives for the plain message.
 */
export function messageParts(msg: Message): Buffer[] {
  const spliced = splicedMessage(msg);
  return spliced ? splicedParts(spliced) : [Buffer.from(JSON.stringify(msg, undefined, 0), "utf8")];
}

/**
 * The stdio message writer: messages framed as vscode-jsonrpc's StreamMessageWriter frames
 * them (a Content-Length header, then the UTF-8 JSON), one after another, each written as its
 * parts in one corked write. Assembling a publish into one buffer copied 1.7 MB per
 * keystroke on the 1 MB contract, and a new buffer each time made V8 run full collections
 * for the external memory every few dozen keystrokes.
 */
export class PartsMessageWriter extends AbstractMessageWriter implements MessageWriter {
  private last: Promise<void> = Promise.resolve();
  private errors = 0;

  constructor(private readonly out: NodeJS.WritableStream & { cork(): void; uncork(): void }) {
    super();
    out.on("error", (error: Error) => this.fireError(error));
    out.on("close", () => this.fireClose());
  }

  write(msg: Message): Promise<void> {
    const written = this.last.then(() => this.send(msg));
    this.last = written.catch(() => undefined);
    return written;
  }

  private send(msg: Message): Promise<void> {
    let parts: Buffer[];
    try {
      parts = messageParts(msg);
    } catch (error) {
      this.fireError(error, msg, ++this.errors);
      return Promise.reject(error);
    }
    let length = 0;
    for (const part of parts) length += part.length;
    return new Promise<void>((resolve, reject) => {
      const done = (error?: Error | null) => {
        if (!error) return resolve();
        this.fireError(error, msg, ++this.errors);
        reject(error);
      };
      this.out.cork();
      this.out.write(`Content-Length: ${length}\r\n\r\n`, "ascii");
      parts.forEach((part, i) => (i === parts.length - 1 ? this.out.write(part, done) : this.out.write(part)));
      this.out.uncork();
    });
  }

  end(): void {
    this.out.end();
  }
}
