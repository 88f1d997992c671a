// The Policy Lens language server: a thin LSP adapter over the engine. Works over stdio
// (--stdio) or Node IPC (--node-ipc); lsp/connection.ts picks the transport from argv.
import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  TextDocumentSyncKind,
  TextDocuments,
  type ClientCapabilities,
  type CodeAction,
  type CodeActionParams,
  type CodeLens,
  type DocumentDiagnosticReport,
  type DocumentSymbol,
  type FoldingRange,
  type Hover,
  type InitializeResult,
} from "vscode-languageserver/node";
import { TextDocument } from "vscode-languageserver-textdocument";
import {
  DEFAULT_TIME_BUDGET_MS,
  LineIndex,
  TERMS,
  analyze,
  builtinRules,
  clauseLibrary,
  coverageOf,
  fixAll,
  fixesFor,
  insertClauseFix,
  previewEnd,
  sizeProblem,
  utf8Length,
  type Analysis,
  type AnalyzeOptions,
  type CompiledRules,
  type DocumentCoverage,
  type Finding,
  type TermId,
} from "./engine";
import { profileNames, type PolicyConfig } from "./engine/config";
import { unknownNameMessage } from "./engine/config/nearest";
import { FIX_ALL_KIND, codeActions } from "./lsp/codeActions";
import { toDiagnostic, toTextEdits, versionedEdit } from "./lsp/convert";
import type { createServerConnection } from "./lsp/connection";
import { DiagnosticsWire } from "./lsp/diagnosticsWire";
import { hoverAt } from "./lsp/hover";
import { documentSymbols, foldingRanges, summaryLens, symbolInformation } from "./lsp/outline";
import { SEMANTIC_TOKEN_LEGEND, semanticTokens } from "./lsp/semanticTokens";
import { NO_PROJECT_CONFIGS, type ProjectConfigSource } from "./lsp/projectConfigSource";
import { notifyStatus } from "./lsp/status";
import { EditingAnalyzers } from "./lsp/editing";
import { RecentMap } from "./lsp/recent";
import { runSoon } from "./lsp/immediate";
import { shareFindingValues } from "./lsp/compact";
import { COMMANDS, NOTIFICATIONS, REQUESTS, type CoverageReport, type WorkspaceCheckResult } from "./protocol";
import { WorkspaceFindings, coverageRow, pathKey } from "./lsp/workspace";
import type { InputFile } from "./cli/files";
import { fileURLToPath, pathToFileURL } from "node:url";
import { CheckLog } from "./lsp/checkLog";
import type { BackgroundAnalyzer, BackgroundJob, FeatureQuery } from "./lsp/background";
import { internalErrorText } from "./internalError";
import { DEFAULT_SETTINGS, SETTINGS_SECTION, applySeverityOverrides, isIncluded, normalizeSettings, type PolicyLensSettings } from "./lsp/settings";

/**
 * Inserts a model clause: arguments `[uri, term, variant?]`. With only `[uri]` (or nothing)
 * it returns the clause library `{ term, label, title, variant }[]` for a picker.
 */
export const INSERT_CLAUSE_COMMAND = COMMANDS.insertClause;

/** The connection the server runs on: stdio or IPC from the process's arguments, or an in-memory one in tests. */
export type ServerConnection = ReturnType<typeof createServerConnection>;

/**
 * What the server reads from outside the protocol: the disk, the process, V8. The Node
 * process passes nodeServerDeps() (nodeDeps.ts); the web worker build (browserServer.ts)
 * passes none of these, and the server then checks only the documents the client sends.
 * Tests inject their own.
 */
export interface ServerDeps {
  /** The Markdown files (absolute paths) of a workspace folder, before include globs; without it the workspace check finds none. */
  markdownFiles?: (folderPath: string) => Promise<string[]>;
  /** Reads a closed file (absolute path) for the workspace check. */
  readFile?: (path: string, limits: { maxBytes: number }) => InputFile;
  /** Project config files (.policylens.yaml) on disk; without it, settings and front matter configure documents. */
  projectConfigs?: (connection: ServerConnection, onChange: () => void) => ProjectConfigSource;
  /** Returns an idle server's garbage to the system (lsp/idleGc.ts). */
  idleCollector?: () => { analysed(): void; dispose(): void };
  /** The transport writes published diagnostics from their encoded groups (Node over --stdio, lsp/connection.ts). */
  encodedDiagnostics?: boolean;
  /** Runs the analyses nobody is typing into off the main thread (lsp/background.ts); without it they run on it. */
  backgroundAnalyzer?: () => BackgroundAnalyzer;
}

declare const POLICY_LENS_VERSION: string;

/**
 * Starts the Policy Lens server on `connection` (the shape of vscode-markdown-languageserver):
 * the process entry point below passes a stdio or IPC connection, tests an in-memory one,
 * so features run in process. Everything the server keeps lives in this call.
 * (The body is not indented one level more, so that concurrent changes to its lines merge.)
 */
export function startServer(connection: ServerConnection, deps: ServerDeps = {}): void {
// Documents as TextDocuments keeps them; what each edit changes is recorded on its way, so
// the document's next analysis compares only around the edit (lsp/editing.ts).
const documents = new TextDocuments<TextDocument>({
  create: (uri, languageId, version, content) => {
    editing.replaced(uri);
    return TextDocument.create(uri, languageId, version, content);
  },
  update: (document, changes, version) => {
    editing.record(document, changes);
    return TextDocument.update(document, changes, version);
  },
});
const log = connection.console;
/** The output channel's account of what was checked and why a document was not (policyLens.logLevel). */
const checkLog = new CheckLog(log);

/** What the client can do, read once at initialize; every optional feature is guarded by it. */
const client = {
  pullDiagnostics: false,
  diagnosticRefresh: false,
  configuration: false,
  dynamicConfiguration: false,
  workspaceFolders: false,
  documentChanges: false,
  hierarchicalSymbols: false,
  codeActionLiterals: false,
  applyEdit: false,
  semanticTokensRefresh: false,
  codeLensRefresh: false,
  /** LSP 3.18 snippet edits in workspace edits: clause placeholders become tab stops. */
  snippetEdits: false,
};
let workspaceFolders: string[] = [];

function readCapabilities(c: ClientCapabilities): void {
  client.pullDiagnostics = !!c.textDocument?.diagnostic;
  client.diagnosticRefresh = !!c.workspace?.diagnostics?.refreshSupport;
  client.configuration = !!c.workspace?.configuration;
  client.dynamicConfiguration = !!c.workspace?.didChangeConfiguration?.dynamicRegistration;
  client.workspaceFolders = !!c.workspace?.workspaceFolders;
  client.documentChanges = !!c.workspace?.workspaceEdit?.documentChanges;
  client.hierarchicalSymbols = !!c.textDocument?.documentSymbol?.hierarchicalDocumentSymbolSupport;
  client.codeActionLiterals = !!c.textDocument?.codeAction?.codeActionLiteralSupport;
  client.applyEdit = !!c.workspace?.applyEdit;
  client.semanticTokensRefresh = !!c.workspace?.semanticTokens?.refreshSupport;
  client.codeLensRefresh = !!c.workspace?.codeLens?.refreshSupport;
  client.snippetEdits = !!(c.workspace?.workspaceEdit as { snippetEditSupport?: boolean } | undefined)?.snippetEditSupport && client.documentChanges;
}

// ---------------------------------------------------------------------------------------
// Configuration

/** Settings pushed with didChangeConfiguration, for clients without workspace/configuration. */
let pushedSettings: PolicyLensSettings = DEFAULT_SETTINGS;
const settingsCache = new Map<string, Promise<PolicyLensSettings>>();
/** Bumped whenever settings change, so cached analyses and pull result ids go stale. */
let settingsGeneration = 0;

function settingsFor(uri: string): Promise<PolicyLensSettings> {
  if (!client.configuration) return Promise.resolve(pushedSettings);
  let s = settingsCache.get(uri);
  if (!s) {
    s = connection.workspace.getConfiguration({ scopeUri: uri, section: SETTINGS_SECTION }).then(normalizeSettings, (e) => {
      log.warn(`policy-lens: could not read settings for ${uri}: ${String(e)}`);
      return pushedSettings;
    });
    settingsCache.set(uri, s);
  }
  return s;
}

interface DocumentConfig {
  settings: PolicyLensSettings;
  /** The .policylens file in force, for the log; `ignoredBy` when its `ignore` excludes the document. */
  configFile?: string;
  ignoredBy?: string;
  rules: CompiledRules;
  analyzeOptions: AnalyzeOptions;
}

/**
 * Everything that decides how one document is analysed. Project config files and
 * profiles (server/src/engine/config) hook in here.
 */
async function configFor(uri: string): Promise<DocumentConfig> {
  const settings = await settingsFor(uri);
  const rules = builtinRules();
  // A project config file (.policylens.yaml, nearest wins) decides everything, profile
  // included; the `policyLens.profile` setting applies only where there is none.
  const project = projectConfigs.forDocument(uri);
  const config = project.loaded ? project.config : profileConfig(settings.profile);
  const configFile = project.loaded?.file;
  return { settings: project.ignored ? { ...settings, enable: false } : settings, configFile, ignoredBy: project.ignored ? configFile : undefined, rules, analyzeOptions: { rules, config, timeBudgetMs: settings.timeBudgetMs } };
}

/** Project config files: their problems are diagnostics on the file; a change re-lints. */
const projectConfigs = deps.projectConfigs?.(connection, () => relintAll()) ?? NO_PROJECT_CONFIGS;

const profileConfigs = new Map<string, PolicyConfig>();
const warnedProfiles = new Set<string>();
/** The `policyLens.profile` setting, for documents whose front matter names no profile. */
function profileConfig(profile: string): PolicyConfig | undefined {
  if (!profile) return undefined;
  if (!profileNames().includes(profile)) {
    // Said once per name, where the user sees it, as an unknown profile in .policylens.yaml is.
    if (!warnedProfiles.has(profile)) {
      warnedProfiles.add(profile);
      const message = `Policy Lens: ${unknownNameMessage("profile", profile, profileNames())} The \`policyLens.profile\` setting is ignored; known profiles: ${profileNames().join(", ")}.`;
      log.warn(message);
      void connection.window.showWarningMessage(message);
    }
    return undefined;
  }
  // One object per profile: the engine caches composed settings per config object.
  let config = profileConfigs.get(profile);
  if (!config) profileConfigs.set(profile, (config = { profile } as PolicyConfig));
  return config;
}

// ---------------------------------------------------------------------------------------
// Analysis

/**
 * What the server keeps for every open document: its findings, which answer diagnostics,
 * semantic tokens and status counts. The engine's full `Analysis` (document model, facts)
 * is about ten times the text in memory, so only the few most recently used documents keep
 * theirs (`fullAnalyses`); `fullAnalysis` analyses a document again when a feature needs
 * its model after it was dropped. Diagnostics are derived from the findings when sent.
 */
interface DocumentAnalysis {
  uri: string;
  version: number;
  /**
   * The text analysed. A client may send new text under an unchanged version (a second
   * didOpen, a didChange that does not bump it), so an analysis is current only while the
   * text is the same (usually the very same string, so the check costs nothing).
   */
  text: string;
  /** Tells analyses of one version apart, for pull result ids. */
  serial: number;
  generation: number;
  config: DocumentConfig;
  lines: LineIndex;
  /** False when the document is not linted (disabled, excluded or too large). */
  linted: boolean;
  /** Findings as shown: after severity overrides. */
  findings: Finding[];
  /** The coverage matrix row (lsp/workspace.ts serves it to the coverage view). */
  coverage?: DocumentCoverage;
}

const analyses = new Map<string, DocumentAnalysis>();
/** How many documents keep their full analysis: the ones on screen and being typed in. */
const FULL_ANALYSES = 4;
/**
 * The full analyses of the most recently used documents, each with the entry it belongs to.
 * A document whose full analysis is dropped keeps its findings with equal strings shared
 * (lsp/compact.ts): done here, off the typing path, since only background documents pile up.
 */
const fullAnalyses = new RecentMap<string, { of: DocumentAnalysis; analysis: Analysis }>(FULL_ANALYSES, (_uri, { of }) => {
  of.findings = shareFindingValues(of.findings);
});
// Incremental analysis for the documents being typed in (see lsp/editing.ts).
const editing = new EditingAnalyzers();
/** Analyses leave garbage; a full GC once the server is idle returns it (see lsp/idleGc.ts). */
const idle = deps.idleCollector?.() ?? { analysed: () => undefined, dispose: () => undefined };

/**
 * Pushed and pulled diagnostics, encoded reusing each document's previous ones
 * (lsp/diagnosticsWire.ts); over a transport that cannot write encoded groups, plain.
 */
const wire = new DiagnosticsWire(deps.encodedDiagnostics ? {} : { minDiagnostics: Infinity });

let analysisSerial = 0;

/** Whether `r` is the analysis of `document` as it is now. */
const isCurrent = (r: DocumentAnalysis, document: TextDocument) => r.version === document.version && r.text === document.getText();

/** Analyses off the main thread (lsp/background.ts), started on first use. */
let backgroundAnalyzer: BackgroundAnalyzer | undefined;
function analyseInBackground(job: BackgroundJob) {
  return deps.backgroundAnalyzer ? (backgroundAnalyzer ??= deps.backgroundAnalyzer()).analyze(job) : undefined;
}

/**
 * The one place a document is analysed; everything else asks currentAnalysis (or fullAnalysis).
 * `offThread`: in the background analyzer, if there is one (then without the full analysis).
 */
async function analyseDocument(document: TextDocument, config: DocumentConfig, offThread: boolean): Promise<{ result: DocumentAnalysis; analysis?: Analysis }> {
  const text = document.getText();
  const base = { uri: document.uri, version: document.version, text, serial: ++analysisSerial, generation: settingsGeneration, config };
  const { settings } = config;
  if (!settings.enable || !isIncluded(document.uri, document.languageId, settings.include, workspaceFolders)) {
    const why = config.ignoredBy ? `excluded by \`ignore\` in ${config.ignoredBy}` : !settings.enable ? "policyLens.enable is off" : `matches none of policyLens.include (${settings.include.join(", ") || "empty"})`;
    checkLog.skipped(document.uri, settings.logLevel, why, "info");
    return { result: { ...base, lines: new LineIndex(text), linted: false, findings: [] } };
  }
  // UTF-8 is at most 3 bytes per UTF-16 unit, so short texts skip the exact count.
  const bytes = text.length * 3 > settings.maxFileSize ? utf8Length(text) : 0;
  const tooBig = sizeProblem(bytes, { maxBytes: settings.maxFileSize });
  if (tooBig) {
    const tooLarge: Finding = {
      rule: "document/skipped",
      category: "document",
      severity: "warning",
      message: `Not analysed: ${tooBig}.`,
      start: 0,
      end: 0,
    };
    checkLog.skipped(document.uri, settings.logLevel, `${tooBig} (policyLens.maxFileSize)`, "warning");
    return { result: { ...base, lines: new LineIndex(text), linted: false, findings: [tooLarge] } };
  }
  const started = Date.now();
  const { config: policyConfig, timeBudgetMs } = config.analyzeOptions;
  const background = offThread ? analyseInBackground({ text, config: policyConfig, timeBudgetMs, uri: document.uri }) : undefined;
  if (background) {
    const done = await background;
    const findings = applySeverityOverrides(done.findings, settings.severity);
    checkLog.checked(document.uri, document.version, settings, { kind: done.kind, profile: done.profile, configFile: config.configFile, findings, ms: Date.now() - started });
    if (settings.trace.server === "verbose") log.log(`policy-lens: analysed ${document.uri} v${document.version} in the background in ${Date.now() - started} ms, ${findings.length} findings`);
    return { result: { ...base, lines: new LineIndex(text), linted: true, findings, coverage: done.coverage } };
  }
  const verify = settings.debug.verifyIncremental ? (difference: string) => log.warn(`policy-lens: incremental analysis of ${document.uri} v${document.version} differs from a full analysis: ${difference}`) : undefined;
  const analysis = editing.analyze(document.uri, text, config.analyzeOptions, verify);
  const findings = applySeverityOverrides(analysis.findings, settings.severity);
  checkLog.checked(document.uri, document.version, settings, { kind: analysis.kind, profile: analysis.settings.profile, configFile: config.configFile, findings, ms: Date.now() - started });
  if (settings.trace.server === "verbose") log.log(`policy-lens: analysed ${document.uri} v${document.version} in ${Date.now() - started} ms, ${findings.length} findings`);
  return { result: { ...base, lines: analysis.document.lines, linted: true, findings, coverage: coverageOf(analysis, config.rules) }, analysis };
}

// Which analyses run off the main thread: those that may take long (a long document; under
// a config's own custom rules, whose cost only the time budget bounds, a shorter one) of
// documents nobody is typing in. A short document is analysed on the main thread in a few
// milliseconds, once for every feature; off it, a feature needing the full analysis (hover,
// code actions, outline) would analyse it a second time. Under the built-in rules alone a
// 1 MB contract takes about a second, far inside the budget, and a second engine in a worker
// costs ~120 MB with 100 open 100 KB documents: only documents past 2 MB go off the thread.
const OFF_THREAD_CHARS = 2 * 1024 * 1024;
const OFF_THREAD_CHARS_CUSTOM_RULES = 8 * 1024;
function mayRunLong(text: string, config: DocumentConfig): boolean {
  const policy = config.analyzeOptions.config;
  const customRules = !!policy?.customRules?.length || Object.values(policy?.profiles ?? {}).some((p) => !!p?.customRules?.length);
  return text.length >= (customRules ? OFF_THREAD_CHARS_CUSTOM_RULES : OFF_THREAD_CHARS);
}

/** Background analyses under way, per document, so that two asks for one version share one. */
const inBackground = new Map<string, { version: number; text: string; generation: number; done: Promise<DocumentAnalysis> }>();

/**
 * The analysis of the live buffer, reused while the text and settings are unchanged.
 * `background`: the caller needs only the findings (diagnostics, semantic tokens, coverage),
 * so unless the document is the one being typed in, its analysis runs off the main thread
 * and holds no other document's requests, however long it takes.
 */
async function currentAnalysis(document: TextDocument, background = false): Promise<DocumentAnalysis> {
  const cached = analyses.get(document.uri);
  if (cached && isCurrent(cached, document) && cached.generation === settingsGeneration) return cached;
  // A feature that needs the full analysis (hover, code actions) does not wait for the background one.
  const running = background ? inBackground.get(document.uri) : undefined;
  if (running && running.version === document.version && running.text === document.getText() && running.generation === settingsGeneration) return running.done;
  const generation = settingsGeneration;
  const config = await configFor(document.uri);
  // The buffer may have changed while the settings were read, and another ask may have started its analysis.
  const live = documents.get(document.uri) ?? document;
  const started = background ? inBackground.get(live.uri) : undefined;
  if (started && started.version === live.version && started.text === live.getText() && started.generation === generation) return started.done;
  const offThread = background && deps.backgroundAnalyzer !== undefined && typing.uri !== live.uri && mayRunLong(live.getText(), config);
  const analysing = analyseDocument(live, config, offThread);
  if (offThread) {
    const entry = { version: live.version, text: live.getText(), generation, done: analysing.then(({ result }) => result) };
    inBackground.set(live.uri, entry);
    void entry.done.catch(() => undefined).finally(() => inBackground.get(live.uri) === entry && inBackground.delete(live.uri));
  }
  const { result, analysis } = await analysing;
  if (!offThread) idle.analysed();
  // An analysis that ran in the background may have been overtaken by an edit, or by a
  // main-thread analysis of the same text (which keeps its full analysis).
  if (offThread) {
    const now = documents.get(live.uri);
    if (!now || !isCurrent(result, now)) return result;
    const kept = analyses.get(live.uri);
    if (kept && isCurrent(kept, now) && kept.generation === generation) return kept;
  }
  if (documents.get(live.uri)) {
    if (generation === settingsGeneration) analyses.set(live.uri, result);
    if (analysis) fullAnalyses.set(live.uri, { of: result, analysis });
  }
  notifyStatus(connection, live.uri, result.findings); // the extension's status bar counts
  coverageMayHaveChanged(live.uri, result);
  return result;
}

/**
 * The full analysis behind `r`, which must be the analysis of `document` as it is now: the
 * kept one, or the same document analysed again with the same settings (the engine is
 * deterministic, so the findings are the ones already published).
 */
function fullAnalysis(r: DocumentAnalysis, document: TextDocument): Analysis {
  const kept = fullAnalyses.get(r.uri);
  if (kept?.of === r) return kept.analysis;
  const started = Date.now();
  // A plain analysis: re-reading a document is not editing it, so it gets no incremental analyzer.
  const analysis = analyze(document.getText(), r.config.analyzeOptions);
  idle.analysed();
  if (r.config.settings.trace.server === "verbose") log.log(`policy-lens: analysed ${r.uri} v${r.version} again in ${Date.now() - started} ms (its full analysis had been dropped)`);
  if (documents.get(r.uri)) fullAnalyses.set(r.uri, { of: r, analysis });
  return analysis;
}

function fixesIn(r: { analysis: Analysis; config: DocumentConfig }): (f: Finding) => Fix[] {
  return (f) => fixesFor(r.analysis, f, r.config.rules, { snippets: client.snippetEdits });
}
type Fix = ReturnType<typeof fixesFor>[number];

// ---------------------------------------------------------------------------------------
// Push diagnostics, debounced while typing

/** Per document, how to cancel the publish it waits for: a newer edit schedules its own. */
const pending = new Map<string, () => void>();
const justOpened = new Set<string>();

// Keystrokes first: while the user types in one document, the analyses of the others
// (opened, changed on disk, re-linted after a settings change) wait for a pause in the
// typing. An analysis cannot be interrupted once started, and one with costly custom rules
// may take up to its time budget: run between keystrokes, it would hold every one after it.
const TYPING_PAUSE_MS = 500;
let typing = { uri: "", at: -Infinity };

/** The typed document's keystroke was served: the pause is counted from here, not from its arrival. */
function servedKeystroke(uri: string): void {
  if (typing.uri === uri) typing.at = Date.now();
}

/** How long work on `uri` waits: until the user, typing in another document, pauses. */
function typingWait(uri: string): number {
  return typing.uri === uri ? 0 : Math.max(0, typing.at + TYPING_PAUSE_MS - Date.now());
}

async function afterTypingPause(uri: string): Promise<void> {
  for (let wait = typingWait(uri); wait > 0; wait = typingWait(uri)) await new Promise((resolve) => setTimeout(resolve, wait));
}

function schedule(uri: string, delay: number): void {
  pending.get(uri)?.();
  const run = () => {
    const wait = typingWait(uri);
    if (wait > 0) {
      const timer = setTimeout(run, wait);
      pending.set(uri, () => clearTimeout(timer));
      return;
    }
    pending.delete(uri);
    void publish(uri);
  };
  if (delay > 0) {
    const timer = setTimeout(run, delay);
    pending.set(uri, () => clearTimeout(timer));
  } else {
    // Without a debounce, as soon as the messages already read are handled: a timer waits at least 1 ms.
    pending.set(uri, runSoon(run));
  }
}

// A large document just opened shows the findings of its beginning (what is on screen)
// first, then all of them: a full analysis of a 1 MB contract takes about a second.
const PREVIEW_FROM_CHARS = 256 * 1024;
const PREVIEW_CHARS = 64 * 1024;
/** Opened documents that may still get a preview. */
const previewable = new Set<string>();

/** The findings of the beginning of a large document just opened, or undefined (no preview). */
async function previewFindings(document: TextDocument): Promise<{ findings: Finding[]; lines: LineIndex } | undefined> {
  if (!previewable.delete(document.uri) || analyses.has(document.uri)) return undefined;
  const text = document.getText();
  if (text.length < PREVIEW_FROM_CHARS) return undefined;
  const config = await configFor(document.uri);
  const { settings } = config;
  // A document that is not linted, or too large, gets its one answer from the full path.
  if (!settings.enable || !isIncluded(document.uri, document.languageId, settings.include, workspaceFolders)) return undefined;
  if (sizeProblem(utf8Length(text), { maxBytes: settings.maxFileSize })) return undefined;
  const beginning = text.slice(0, previewEnd(text, PREVIEW_CHARS));
  const { config: policyConfig, timeBudgetMs } = config.analyzeOptions;
  // The preview exists to be fast: on the main thread unless custom rules may make even 64 KB long (a cold worker took ~300 ms more).
  const background = typing.uri !== document.uri && mayRunLong(beginning, config) ? analyseInBackground({ text: beginning, config: policyConfig, timeBudgetMs, preview: true }) : undefined;
  if (background) return { findings: applySeverityOverrides((await background).findings, settings.severity), lines: new LineIndex(beginning) };
  const preview = analyze(beginning, { ...config.analyzeOptions, preview: true });
  return { findings: applySeverityOverrides(preview.findings, settings.severity), lines: preview.document.lines };
}

async function publish(uri: string): Promise<void> {
  try {
    const document = documents.get(uri);
    if (!document) return;
    const preview = await previewFindings(document);
    if (preview && documents.get(uri)?.version === document.version) {
      await connection.sendDiagnostics(wire.prepare(uri, document.version, preview.findings, preview.lines));
      schedule(uri, 0);
      return;
    }
    const r = await currentAnalysis(document, true);
    // A newer version is on its way; its own timer will publish it.
    const live = documents.get(uri);
    if (!live || !isCurrent(r, live)) return;
    await connection.sendDiagnostics(wire.prepare(uri, r.version, r.findings, r.lines));
    servedKeystroke(uri);
  } catch (e) {
    log.error(`policy-lens: diagnostics for ${uri} failed: ${describe(e)}`);
  }
}

documents.onDidOpen((e) => {
  justOpened.add(e.document.uri);
  previewable.add(e.document.uri);
});
documents.onDidChangeContent(async (e) => {
  lastEdit = Date.now();
  const uri = e.document.uri;
  const immediate = justOpened.delete(uri);
  // An edit (not an open) marks the document being typed in, whose analyses go first;
  // a one-off change elsewhere (a formatter, another pane) does not take that role from a
  // document the user is still typing in: it waits for the pause like any background work.
  if (!immediate && (typing.uri === uri || typingWait(uri) === 0)) typing = { uri, at: Date.now() };
  if (client.pullDiagnostics) return;
  const { settings } = await configFor(uri).catch(() => ({ settings: pushedSettings }));
  schedule(uri, immediate ? 0 : settings.debounceMs);
});
documents.onDidClose((e) => {
  const uri = e.document.uri;
  checkLog.closed(uri);
  pending.get(uri)?.();
  pending.delete(uri);
  justOpened.delete(uri);
  previewable.delete(uri);
  analyses.delete(uri);
  fullAnalyses.delete(uri);
  backgroundAnalyzer?.forget(uri);
  editing.forget(uri);
  settingsCache.delete(uri);
  wire.forget(uri);
  coverageSignatures.delete(uri);
  if (!client.pullDiagnostics) connection.sendDiagnostics({ uri, diagnostics: [] }).catch((e) => log.error(`policy-lens: clearing ${uri} failed: ${describe(e)}`));
  // A workspace file keeps its findings from disk once closed.
  workspace.closed(uri);
});

/** Settings changed: forget them and every analysis, and lint the open documents again. */
function relintAll(): void {
  settingsGeneration++;
  settingsCache.clear();
  analyses.clear();
  fullAnalyses.clear();
  // Closed files read differently too, once the workspace has been checked.
  if (workspaceChecked) void checkWorkspace();
  if (client.pullDiagnostics) {
    if (client.diagnosticRefresh) connection.languages.diagnostics.refresh();
  } else {
    for (const d of documents.all()) schedule(d.uri, 0);
  }
  if (client.semanticTokensRefresh) connection.languages.semanticTokens.refresh();
  if (client.codeLensRefresh) connection.sendRequest("workspace/codeLens/refresh").catch(() => undefined);
}

// ---------------------------------------------------------------------------------------
// Handlers. None may throw: each logs and returns an empty answer.

/** The error and where to report it, never a stack trace (internalError.ts); callers say what failed, on which document. */
function describe(e: unknown): string {
  return internalErrorText(e);
}

function guarded<P, R>(name: string, empty: R, handler: (params: P) => R | Promise<R>): (params: P) => Promise<R> {
  return async (params: P) => {
    try {
      return await handler(params);
    } catch (e) {
      const uri = (params as { textDocument?: { uri?: unknown } } | undefined)?.textDocument?.uri;
      log.error(`policy-lens: ${name}${typeof uri === "string" ? ` of ${uri}` : ""} failed: ${describe(e)}`);
      return empty;
    }
  };
}

/** The findings of the live document, if it is open and linted. */
async function lintedFindings(uri: string): Promise<DocumentAnalysis | undefined> {
  const document = documents.get(uri);
  if (!document) return undefined;
  const r = await currentAnalysis(document, true);
  return r.linted ? r : undefined;
}

/**
 * A feature of an open document whose analysis may run long (mayRunLong), answered by the
 * background analyzer from its full analysis (lsp/background.ts): on the main thread, the
 * first hover, code action or outline of such a document would analyse it there and hold
 * every other document's requests. Not for the document being typed in (its analysis is
 * incremental, on the main thread) nor one whose full analysis is kept here.
 * Undefined: answer on the main thread (linted()).
 */
async function answeredOffThread<T>(uri: string, query: (r: DocumentAnalysis) => FeatureQuery): Promise<{ answer: T; r: DocumentAnalysis } | undefined> {
  if (!deps.backgroundAnalyzer || typing.uri === uri) return undefined;
  const document = documents.get(uri);
  if (!document) return undefined;
  const r = await currentAnalysis(document, true);
  const live = documents.get(uri);
  if (!r.linted || !live || !isCurrent(r, live) || typing.uri === uri) return undefined;
  if (fullAnalyses.get(uri)?.of === r || !mayRunLong(r.text, r.config)) return undefined;
  const { config, timeBudgetMs } = r.config.analyzeOptions;
  backgroundAnalyzer ??= deps.backgroundAnalyzer();
  const answer = (await backgroundAnalyzer.feature({ text: r.text, config, timeBudgetMs, uri, version: r.version, severity: r.config.settings.severity, snippets: client.snippetEdits, query: query(r) })) as T;
  return { answer, r };
}

/** The live document and its full analysis, if the document is open and linted. */
async function linted(uri: string): Promise<(DocumentAnalysis & { analysis: Analysis; document: TextDocument }) | undefined> {
  // A change that arrives while the settings are read makes the result stale; try again.
  for (let attempt = 0; attempt < 3; attempt++) {
    const document = documents.get(uri);
    if (!document) return undefined;
    const r = await currentAnalysis(document);
    if (!r.linted) return undefined;
    const live = documents.get(uri);
    if (!live) return undefined;
    if (isCurrent(r, live)) return { ...r, analysis: fullAnalysis(r, live), document: live };
  }
  return undefined;
}

connection.onInitialize((params): InitializeResult => {
  readCapabilities(params.capabilities);
  projectConfigs.readCapabilities(params.capabilities);
  workspaceFolders = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
  workspace.setFolders(workspaceFolders);
  const pushed = (params.initializationOptions as { settings?: unknown } | undefined)?.settings;
  if (pushed) pushedSettings = normalizeSettings(pushed);
  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
      hoverProvider: true,
      codeActionProvider: client.codeActionLiterals ? { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] } : true,
      documentSymbolProvider: true,
      foldingRangeProvider: true,
      codeLensProvider: { resolveProvider: false },
      semanticTokensProvider: { legend: SEMANTIC_TOKEN_LEGEND, full: true, range: true },
      executeCommandProvider: { commands: [INSERT_CLAUSE_COMMAND, APPLY_EDIT_COMMAND] },
      diagnosticProvider: client.pullDiagnostics ? { identifier: "policy-lens", interFileDependencies: false, workspaceDiagnostics: true } : undefined,
      workspace: client.workspaceFolders ? { workspaceFolders: { supported: true, changeNotifications: true } } : undefined,
    },
    serverInfo: { name: "policy-lens", version: typeof POLICY_LENS_VERSION === "string" ? POLICY_LENS_VERSION : "0.0.0-dev" },
  };
});

connection.onInitialized(() => {
  projectConfigs.watch();
  if (client.dynamicConfiguration) {
    void connection.client.register(DidChangeConfigurationNotification.type, { section: SETTINGS_SECTION });
  }
  if (client.workspaceFolders) {
    connection.workspace.onDidChangeWorkspaceFolders((e) => {
      const removed = new Set(e.removed.map((f) => f.uri));
      workspaceFolders = [...workspaceFolders.filter((f) => !removed.has(f)), ...e.added.map((f) => f.uri)];
      workspace.setFolders(workspaceFolders);
      relintAll();
    });
  }
});

connection.onDidChangeConfiguration((change) => {
  try {
    const pushed = (change.settings as Record<string, unknown> | null | undefined)?.[SETTINGS_SECTION];
    if (pushed !== undefined) pushedSettings = normalizeSettings(pushed);
    relintAll();
  } catch (e) {
    log.error(`policy-lens: configuration change failed: ${describe(e)}`);
  }
});

// A project config file (.policylens.yaml) changed: reload it, publish its problems, and
// re-lint, since every document may read differently now.
connection.onDidChangeWatchedFiles((params) => {
  projectConfigs.changed(params.changes.map((c) => c.uri));
  workspace.changedOnDisk(params.changes.map((c) => c.uri));
});

connection.languages.diagnostics.on(
  guarded("pull diagnostics", { kind: "full", items: [] } as DocumentDiagnosticReport, async (params): Promise<DocumentDiagnosticReport> => {
    await afterTypingPause(params.textDocument.uri);
    const document = documents.get(params.textDocument.uri);
    if (!document) return { kind: "full", items: [] };
    // A preview first, then the client is asked to pull again once the whole is analysed.
    const preview = client.diagnosticRefresh ? await previewFindings(document) : undefined;
    if (preview) {
      setTimeout(async () => {
        await afterTypingPause(document.uri);
        const live = documents.get(document.uri);
        if (!live) return;
        currentAnalysis(live, true)
          .then(() => connection.languages.diagnostics.refresh())
          .catch((e) => log.error(`policy-lens: analysing ${document.uri} failed: ${describe(e)}`));
      }, 0);
      return { kind: "full", resultId: `preview:${document.version}`, items: preview.findings.map((f) => toDiagnostic(f, preview.lines)) };
    }
    const r = await currentAnalysis(document, true);
    servedKeystroke(document.uri);
    const resultId = `${r.version}:${r.generation}:${r.serial}`;
    if (params.previousResultId === resultId) return { kind: "unchanged", resultId };
    return wire.report(document.uri, resultId, r.findings, r.lines);
  }),
);

connection.onHover(
  guarded("hover", null, async (params) => {
    const off = await answeredOffThread<Hover | null>(params.textDocument.uri, (r) => ({ feature: "hover", offset: r.lines.offset(params.position) }));
    if (off) return off.answer;
    const r = await linted(params.textDocument.uri);
    if (!r) return null;
    return hoverAt({ analysis: r.analysis, findings: r.findings, rules: r.config.rules, fixesFor: fixesIn(r) }, r.lines.offset(params.position));
  }),
);

connection.onCodeAction(
  guarded("code actions", [], async (params) => {
    const off = await answeredOffThread<CodeAction[]>(params.textDocument.uri, (r) => ({
      feature: "code actions",
      from: r.lines.offset(params.range.start),
      to: r.lines.offset(params.range.end),
      diagnostics: params.context.diagnostics,
      only: params.context.only,
      documentChanges: client.documentChanges,
    }));
    const actions = off ? off.answer : await codeActionsHere(params);
    // Clients without code action literals get commands that apply the same edits.
    if (client.codeActionLiterals) return actions;
    return actions.filter((a) => a.edit).map((a) => ({ title: a.title, command: APPLY_EDIT_COMMAND, arguments: [a.title, a.edit] }));
  }),
);

/** Code actions from the full analysis on the main thread. */
async function codeActionsHere(params: CodeActionParams): Promise<CodeAction[]> {
  const r = await linted(params.textDocument.uri);
  if (!r) return [];
  const text = r.document.getText();
  // One time budget for the request: the quick fixes, and the fix-all which analyses the text again after each fix.
  const started = performance.now();
  const budget = r.config.analyzeOptions.timeBudgetMs ?? DEFAULT_TIME_BUDGET_MS;
  const left = () => budget - (performance.now() - started);
  return codeActions({
    uri: r.uri,
    version: r.version,
    text,
    lines: r.lines,
    findings: r.findings,
    from: r.lines.offset(params.range.start),
    to: r.lines.offset(params.range.end),
    diagnostics: params.context.diagnostics,
    only: params.context.only,
    documentChanges: client.documentChanges,
    fixesFor: fixesIn(r),
    fixAllText: () => fixAll(text, (t) => analyze(t, { ...r.config.analyzeOptions, timeBudgetMs: Math.max(1, left()) }), r.config.rules, undefined, () => left() <= 0).text,
    outOfTime: () => left() <= 0,
  });
}
/** Applies a workspace edit for clients that only understand code actions as commands. */
const APPLY_EDIT_COMMAND = COMMANDS.applyEdit;

connection.onDocumentSymbol(
  guarded("document symbols", [], async (params) => {
    const off = await answeredOffThread<DocumentSymbol[]>(params.textDocument.uri, () => ({ feature: "symbols" }));
    const r = off ? undefined : await linted(params.textDocument.uri);
    if (!off && !r) return [];
    const symbols = off ? off.answer : documentSymbols(r!.analysis, r!.findings, r!.config.rules);
    return client.hierarchicalSymbols ? symbols : symbolInformation(params.textDocument.uri, symbols);
  }),
);

connection.onFoldingRanges(
  guarded("folding ranges", [], async (params) => {
    const off = await answeredOffThread<FoldingRange[]>(params.textDocument.uri, () => ({ feature: "folding" }));
    if (off) return off.answer;
    const r = await linted(params.textDocument.uri);
    return r ? foldingRanges(r.analysis) : [];
  }),
);

connection.onCodeLens(
  guarded("code lens", [], async (params) => {
    const off = await answeredOffThread<CodeLens[]>(params.textDocument.uri, () => ({ feature: "code lens" }));
    if (off) return off.answer;
    const r = await linted(params.textDocument.uri);
    return r ? [summaryLens(r.analysis, r.findings, r.config.rules)] : [];
  }),
);

// Semantic tokens need only the findings, so they never re-analyse a document.
connection.languages.semanticTokens.on(
  guarded("semantic tokens", { data: [] as number[] }, async (params) => {
    const r = await lintedFindings(params.textDocument.uri);
    return r ? semanticTokens(r.findings, r.lines) : { data: [] };
  }),
);

connection.languages.semanticTokens.onRange(
  guarded("semantic tokens (range)", { data: [] as number[] }, async (params) => {
    const r = await lintedFindings(params.textDocument.uri);
    return r ? semanticTokens(r.findings, r.lines, r.lines.offset(params.range.start), r.lines.offset(params.range.end)) : { data: [] };
  }),
);

connection.onExecuteCommand(
  guarded("execute command", null as unknown, async (params) => {
    const args = params.arguments ?? [];
    if (params.command === APPLY_EDIT_COMMAND) {
      if (!client.applyEdit || !args[1]) return false;
      return (await connection.workspace.applyEdit({ label: String(args[0] ?? "Policy Lens fix"), edit: args[1] })).applied;
    }
    if (params.command !== INSERT_CLAUSE_COMMAND) return null;
    const uri = uriArgument(args[0]);
    const term = args[1] as TermId | undefined;
    // Without a term: the clause library (the document's, if it is open), for a client-side picker.
    if (term === undefined) {
      const r = uri ? await linted(uri) : undefined;
      const rules = r?.config.rules ?? builtinRules();
      return rules.source.terms.flatMap((t) =>
        (r ? clauseLibrary(r.analysis, t.term, rules) : [t.modelClause]).map((clause, variant) => ({ term: t.term, label: t.label, title: clause.title, variant })),
      );
    }
    if (!uri || !(TERMS as readonly string[]).includes(term)) {
      log.warn(`policy-lens: ${INSERT_CLAUSE_COMMAND} needs (uri, term); got ${JSON.stringify(args)}`);
      return false;
    }
    const r = await linted(uri);
    if (!r) return false;
    const fix = insertClauseFix(r.analysis, term, r.config.rules, typeof args[2] === "number" ? args[2] : 0, { snippets: client.snippetEdits });
    if (!fix || !client.applyEdit) return false;
    const edit = versionedEdit(uri, r.version, toTextEdits(fix.edits, r.lines, fix.snippet), client.documentChanges);
    return (await connection.workspace.applyEdit({ label: fix.title, edit })).applied;
  }),
);

/** A URI string, or a VS Code Uri serialised as JSON ({ external, scheme, path }). */
function uriArgument(x: unknown): string | undefined {
  if (typeof x === "string") return x;
  const o = x as { external?: unknown; scheme?: unknown; path?: unknown } | undefined;
  if (typeof o?.external === "string") return o.external;
  if (typeof o?.scheme === "string" && typeof o.path === "string") return `${o.scheme}://${o.path}`;
  return undefined;
}

connection.onShutdown(() => {
  workspace.cancel();
  for (const cancel of pending.values()) cancel();
  pending.clear();
  idle.dispose();
  backgroundAnalyzer?.dispose();
});

// ---------------------------------------------------------------------------------------
// The workspace: every Markdown document, open or not (lsp/workspace.ts), and the coverage view

/** When the last keystroke arrived: background work waits while the editor is busy. */
let lastEdit = 0;
// Longer than the gap between a typist's keystrokes: a file's analysis started in such a gap
// would delay the next keystroke (bench:lsp measured keystrokes 7× slower at 200 ms).
const EDITOR_QUIET_MS = 500;

const workspace = new WorkspaceFindings({
  listFiles: async (folderUri) => {
    const settings = await settingsFor(folderUri);
    if (!settings.enable || !deps.markdownFiles) return [];
    const files = await deps.markdownFiles(fileURLToPath(folderUri));
    return files.filter((path) => isIncluded(pathToFileURL(path).href, "markdown", settings.include, workspaceFolders));
  },
  checkFile: async (uri) => {
    const config = await configFor(uri);
    const { settings } = config;
    if (!settings.enable || !deps.readFile) return undefined;
    const decoded = deps.readFile(fileURLToPath(uri), { maxBytes: settings.maxFileSize });
    if (!decoded.ok) {
      if (decoded.unreadable) return undefined;
      const skipped: Finding = { rule: "document/skipped", category: "document", severity: "warning", message: `Not analysed: ${decoded.reason}.`, start: 0, end: 0 };
      return { findings: [skipped], lines: new LineIndex("") };
    }
    // Off the main thread where there is a background analyzer: typing is never held by it.
    const background = analyseInBackground({ text: decoded.text, config: config.analyzeOptions.config, timeBudgetMs: config.analyzeOptions.timeBudgetMs });
    if (background) {
      const done = await background;
      return { findings: shareFindingValues(applySeverityOverrides(done.findings, settings.severity)), lines: new LineIndex(decoded.text), coverage: done.coverage };
    }
    const analysis = analyze(decoded.text, config.analyzeOptions);
    idle.analysed();
    const findings = shareFindingValues(applySeverityOverrides(analysis.findings, settings.severity));
    return { findings, lines: analysis.document.lines, coverage: coverageOf(analysis, config.rules) };
  },
  isOpen: (uri) => openPaths().has(pathKey(uri)),
  busy: () => pending.size > 0 || Date.now() - lastEdit < EDITOR_QUIET_MS,
  publish: (uri, checked) => {
    if (client.pullDiagnostics) return;
    const diagnostics = checked ? checked.findings.map((f) => toDiagnostic(f, checked.lines)) : [];
    connection.sendDiagnostics({ uri, diagnostics }).catch((e) => log.error(`policy-lens: diagnostics for ${uri} failed: ${describe(e)}`));
  },
  progress: (p) => connection.sendNotification(NOTIFICATIONS.workspaceProgress, p).catch(() => undefined),
  changed: () => announceCoverage(),
});

let openPathsCache: { version: number; paths: Set<string> } | undefined;
let openDocumentsVersion = 0;
documents.onDidOpen(() => openDocumentsVersion++);
documents.onDidClose(() => openDocumentsVersion++);
/** The open documents' file paths (a URI may be spelled differently by the client and by us). */
function openPaths(): Set<string> {
  if (openPathsCache?.version !== openDocumentsVersion) openPathsCache = { version: openDocumentsVersion, paths: new Set(documents.keys().map(pathKey)) };
  return openPathsCache.paths;
}

/** Per open document, what its coverage row last showed: typing that changes none of it sends nothing. */
const coverageSignatures = new Map<string, string>();
function coverageMayHaveChanged(uri: string, r: DocumentAnalysis): void {
  if (!r.coverage) return;
  const signature = JSON.stringify([r.coverage.counts, r.coverage.cells.map((c) => [c.state, r.lines.position(c.start).line])]);
  if (coverageSignatures.get(uri) === signature) return;
  coverageSignatures.set(uri, signature);
  announceCoverage();
}
let announceTimer: NodeJS.Timeout | undefined;
/** Tells the client, at most every 300 ms, that the coverage view should ask again. */
function announceCoverage(): void {
  announceTimer ??= setTimeout(() => {
    announceTimer = undefined;
    connection.sendNotification(NOTIFICATIONS.coverageChanged).catch(() => undefined);
  }, 300);
}

/** The first workspace check: asked for by the command, or started by the client's first workspace diagnostic pull. */
let workspaceChecked: Promise<WorkspaceCheckResult> | undefined;
function checkWorkspace(token?: { isCancellationRequested: boolean }): Promise<WorkspaceCheckResult> {
  const run = workspace.check(token);
  workspaceChecked = run;
  run.catch((e) => log.error(`policy-lens: workspace check failed: ${describe(e)}`));
  return run;
}

connection.onRequest(REQUESTS.checkWorkspace, async (_params: unknown, token) => {
  try {
    return await checkWorkspace(token);
  } catch {
    return { checked: 0, total: 0, cancelled: true } satisfies WorkspaceCheckResult;
  }
});

connection.onRequest(
  REQUESTS.coverage,
  guarded("coverage", { rows: [] } as CoverageReport, async (): Promise<CoverageReport> => {
    const rows = workspace.closedRows();
    for (const document of documents.all()) {
      const r = await currentAnalysis(document, true);
      if (r.linted && r.coverage) rows.push(coverageRow(r.uri, r.coverage, r.lines));
    }
    rows.sort((a, b) => (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : 0));
    return { rows };
  }),
);

connection.languages.diagnostics.onWorkspace(async (params, token) => {
  try {
    if (!workspaceChecked) void checkWorkspace();
    const previous = new Map(params.previousResultIds.map((p) => [pathKey(p.uri), p.value]));
    let changed = workspace.changedSince(previous);
    // Nothing new: hold the pull until something changes, so the client does not poll every 2 s.
    if (!changed.length && token) {
      await workspace.nextChange(60_000, token);
      changed = workspace.changedSince(previous);
    }
    return {
      items: changed.map(({ uri, resultId, checked }) => ({
        kind: "full" as const,
        uri,
        version: null,
        resultId,
        items: checked ? checked.findings.map((f) => toDiagnostic(f, checked.lines)) : [],
      })),
    };
  } catch (e) {
    log.error(`policy-lens: workspace diagnostics failed: ${describe(e)}`);
    return { items: [] };
  }
});

documents.listen(connection);
connection.listen();
}

