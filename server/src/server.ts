// The Policy Lens language server: a thin LSP adapter over the engine. Works over stdio
// (--stdio) or Node IPC (--node-ipc); createConnection picks the transport from argv.
import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  ProposedFeatures,
  TextDocumentSyncKind,
  TextDocuments,
  createConnection,
  type ClientCapabilities,
  type Diagnostic,
  type DocumentDiagnosticReport,
  type InitializeResult,
} from "vscode-languageserver/node";
import { TextDocument } from "vscode-languageserver-textdocument";
import {
  LineIndex,
  TERMS,
  analyze,
  builtinRules,
  clauseLibrary,
  fixAll,
  fixesFor,
  insertClauseFix,
  sizeProblem,
  type Analysis,
  type AnalyzeOptions,
  type CompiledRules,
  type Finding,
  type TermId,
} from "./engine";
import { profileNames, type PolicyConfig } from "./engine/config";
import { FIX_ALL_KIND, codeActions } from "./lsp/codeActions";
import { toDiagnostic, toTextEdits, versionedEdit } from "./lsp/convert";
import { hoverAt } from "./lsp/hover";
import { documentSymbols, foldingRanges, summaryLens, symbolInformation } from "./lsp/outline";
import { SEMANTIC_TOKEN_LEGEND, semanticTokens } from "./lsp/semanticTokens";
import { ProjectConfigs } from "./lsp/projectConfig";
import { notifyStatus } from "./lsp/status";
import { EditingAnalyzers } from "./lsp/editing";
import { DEFAULT_SETTINGS, SETTINGS_SECTION, applySeverityOverrides, isIncluded, normalizeSettings, type PolicyLensSettings } from "./lsp/settings";

/**
 * Inserts a model clause: arguments `[uri, term, variant?]`. With only `[uri]` (or nothing)
 * it returns the clause library `{ term, label, title, variant }[]` for a picker.
 */
export const INSERT_CLAUSE_COMMAND = "policyLens.insertClause";

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const log = connection.console;

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

export interface DocumentConfig {
  settings: PolicyLensSettings;
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
  return { settings: project.ignored ? { ...settings, enable: false } : settings, rules, analyzeOptions: { rules, config, timeBudgetMs: settings.timeBudgetMs } };
}

/** Project config files: their problems are diagnostics on the file; a change re-lints. */
const projectConfigs = new ProjectConfigs(connection, () => relintAll());

const profileConfigs = new Map<string, PolicyConfig>();
/** The `policyLens.profile` setting, for documents whose front matter names no profile. */
function profileConfig(profile: string): PolicyConfig | undefined {
  if (!profile) return undefined;
  if (!profileNames().includes(profile)) {
    log.warn(`policy-lens: unknown profile "${profile}" in settings; known profiles: ${profileNames().join(", ")}`);
    return undefined;
  }
  // One object per profile: the engine caches composed settings per config object.
  let config = profileConfigs.get(profile);
  if (!config) profileConfigs.set(profile, (config = { profile } as PolicyConfig));
  return config;
}

// ---------------------------------------------------------------------------------------
// Analysis

interface DocumentAnalysis {
  uri: string;
  version: number;
  generation: number;
  config: DocumentConfig;
  lines: LineIndex;
  /** Absent when the document is not linted (disabled, excluded or too large). */
  analysis?: Analysis;
  /** Findings as shown: after severity overrides. */
  findings: Finding[];
  diagnostics: Diagnostic[];
}

const analyses = new Map<string, DocumentAnalysis>();
// Incremental analysis for the documents being typed in (see lsp/editing.ts).
const editing = new EditingAnalyzers();

/** The one place a document is analysed; everything else asks currentAnalysis. */
function analyseDocument(document: TextDocument, config: DocumentConfig): DocumentAnalysis {
  const text = document.getText();
  const base = { uri: document.uri, version: document.version, generation: settingsGeneration, config, lines: new LineIndex(text) };
  const { settings } = config;
  if (!settings.enable || !isIncluded(document.uri, document.languageId, settings.include, workspaceFolders)) {
    return { ...base, findings: [], diagnostics: [] };
  }
  // UTF-8 is at most 3 bytes per UTF-16 unit, so short texts skip the exact count.
  const bytes = text.length * 3 > settings.maxFileSize ? Buffer.byteLength(text, "utf8") : 0;
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
    return { ...base, findings: [tooLarge], diagnostics: [toDiagnostic(tooLarge, base.lines, document.version)] };
  }
  const started = Date.now();
  const analysis = editing.analyze(document.uri, text, config.analyzeOptions);
  const findings = applySeverityOverrides(analysis.findings, settings.severity);
  if (settings.trace.server === "verbose") log.log(`policy-lens: analysed ${document.uri} v${document.version} in ${Date.now() - started} ms, ${findings.length} findings`);
  return { ...base, lines: analysis.document.lines, analysis, findings, diagnostics: findings.map((f) => toDiagnostic(f, analysis.document.lines, document.version)) };
}

/** The analysis of the live buffer, reused while the text and settings are unchanged. */
async function currentAnalysis(document: TextDocument): Promise<DocumentAnalysis> {
  const cached = analyses.get(document.uri);
  if (cached && cached.version === document.version && cached.generation === settingsGeneration) return cached;
  const generation = settingsGeneration;
  const config = await configFor(document.uri);
  // The buffer may have changed while the settings were read.
  const live = documents.get(document.uri) ?? document;
  const result = analyseDocument(live, config);
  if (generation === settingsGeneration && documents.get(live.uri)) analyses.set(live.uri, result);
  notifyStatus(connection, live.uri, result.findings); // the extension's status bar counts
  return result;
}

function fixesIn(r: DocumentAnalysis): (f: Finding) => Fix[] {
  return (f) => (r.analysis ? fixesFor(r.analysis, f, r.config.rules, { snippets: client.snippetEdits }) : []);
}
type Fix = ReturnType<typeof fixesFor>[number];

// ---------------------------------------------------------------------------------------
// Push diagnostics, debounced while typing

const timers = new Map<string, ReturnType<typeof setTimeout>>();
const justOpened = new Set<string>();

function schedule(uri: string, delay: number): void {
  clearTimeout(timers.get(uri));
  timers.set(
    uri,
    setTimeout(() => {
      timers.delete(uri);
      void publish(uri);
    }, delay),
  );
}

async function publish(uri: string): Promise<void> {
  try {
    const document = documents.get(uri);
    if (!document) return;
    const r = await currentAnalysis(document);
    // A newer version is on its way; its own timer will publish it.
    if (documents.get(uri)?.version !== r.version) return;
    await connection.sendDiagnostics({ uri, version: r.version, diagnostics: r.diagnostics });
  } catch (e) {
    log.error(`policy-lens: diagnostics for ${uri} failed: ${describe(e)}`);
  }
}

documents.onDidOpen((e) => justOpened.add(e.document.uri));
documents.onDidChangeContent(async (e) => {
  if (client.pullDiagnostics) return;
  const uri = e.document.uri;
  const immediate = justOpened.delete(uri);
  const { settings } = await configFor(uri).catch(() => ({ settings: pushedSettings }));
  schedule(uri, immediate ? 0 : settings.debounceMs);
});
documents.onDidClose((e) => {
  const uri = e.document.uri;
  clearTimeout(timers.get(uri));
  timers.delete(uri);
  justOpened.delete(uri);
  analyses.delete(uri);
  editing.forget(uri);
  settingsCache.delete(uri);
  if (!client.pullDiagnostics) connection.sendDiagnostics({ uri, diagnostics: [] }).catch((e) => log.error(`policy-lens: clearing ${uri} failed: ${describe(e)}`));
});

/** Settings changed: forget them and every analysis, and lint the open documents again. */
function relintAll(): void {
  settingsGeneration++;
  settingsCache.clear();
  analyses.clear();
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

function describe(e: unknown): string {
  return e instanceof Error ? (e.stack ?? e.message) : String(e);
}

function guarded<P, R>(name: string, empty: R, handler: (params: P) => R | Promise<R>): (params: P) => Promise<R> {
  return async (params: P) => {
    try {
      return await handler(params);
    } catch (e) {
      log.error(`policy-lens: ${name} failed: ${describe(e)}`);
      return empty;
    }
  };
}

/** The live document and its analysis, if the document is open and linted. */
async function linted(uri: string): Promise<(DocumentAnalysis & { analysis: Analysis; document: TextDocument }) | undefined> {
  const document = documents.get(uri);
  if (!document) return undefined;
  const r = await currentAnalysis(document);
  return r.analysis ? { ...r, analysis: r.analysis, document } : undefined;
}

connection.onInitialize((params): InitializeResult => {
  readCapabilities(params.capabilities);
  projectConfigs.readCapabilities(params.capabilities);
  workspaceFolders = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
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
      diagnosticProvider: client.pullDiagnostics ? { identifier: "policy-lens", interFileDependencies: false, workspaceDiagnostics: false } : undefined,
      workspace: client.workspaceFolders ? { workspaceFolders: { supported: true, changeNotifications: true } } : undefined,
    },
    serverInfo: { name: "policy-lens", version: typeof POLICY_LENS_VERSION === "string" ? POLICY_LENS_VERSION : "0.0.0-dev" },
  };
});
declare const POLICY_LENS_VERSION: string;

connection.onInitialized(() => {
  projectConfigs.watch();
  if (client.dynamicConfiguration) {
    void connection.client.register(DidChangeConfigurationNotification.type, { section: SETTINGS_SECTION });
  }
  if (client.workspaceFolders) {
    connection.workspace.onDidChangeWorkspaceFolders((e) => {
      const removed = new Set(e.removed.map((f) => f.uri));
      workspaceFolders = [...workspaceFolders.filter((f) => !removed.has(f)), ...e.added.map((f) => f.uri)];
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
connection.onDidChangeWatchedFiles((params) => projectConfigs.changed(params.changes.map((c) => c.uri)));

connection.languages.diagnostics.on(
  guarded("pull diagnostics", { kind: "full", items: [] } as DocumentDiagnosticReport, async (params): Promise<DocumentDiagnosticReport> => {
    const document = documents.get(params.textDocument.uri);
    if (!document) return { kind: "full", items: [] };
    const r = await currentAnalysis(document);
    const resultId = `${r.version}:${r.generation}`;
    if (params.previousResultId === resultId) return { kind: "unchanged", resultId };
    return { kind: "full", resultId, items: r.diagnostics };
  }),
);

connection.onHover(
  guarded("hover", null, async (params) => {
    const r = await linted(params.textDocument.uri);
    if (!r) return null;
    return hoverAt({ analysis: r.analysis, findings: r.findings, rules: r.config.rules, fixesFor: fixesIn(r) }, r.lines.offset(params.position));
  }),
);

connection.onCodeAction(
  guarded("code actions", [], async (params) => {
    const r = await linted(params.textDocument.uri);
    if (!r) return [];
    const text = r.document.getText();
    const actions = codeActions({
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
      fixAllText: () => fixAll(text, (t) => analyze(t, r.config.analyzeOptions), r.config.rules).text,
    });
    // Clients without code action literals get commands that apply the same edits.
    if (client.codeActionLiterals) return actions;
    return actions.filter((a) => a.edit).map((a) => ({ title: a.title, command: APPLY_EDIT_COMMAND, arguments: [a.title, a.edit] }));
  }),
);
/** Applies a workspace edit for clients that only understand code actions as commands. */
const APPLY_EDIT_COMMAND = "policyLens.applyEdit";

connection.onDocumentSymbol(
  guarded("document symbols", [], async (params) => {
    const r = await linted(params.textDocument.uri);
    if (!r) return [];
    const symbols = documentSymbols(r.analysis, r.findings, r.config.rules);
    return client.hierarchicalSymbols ? symbols : symbolInformation(r.uri, symbols);
  }),
);

connection.onFoldingRanges(
  guarded("folding ranges", [], async (params) => {
    const r = await linted(params.textDocument.uri);
    return r ? foldingRanges(r.analysis) : [];
  }),
);

connection.onCodeLens(
  guarded("code lens", [], async (params) => {
    const r = await linted(params.textDocument.uri);
    return r ? [summaryLens(r.analysis, r.findings, r.config.rules)] : [];
  }),
);

connection.languages.semanticTokens.on(
  guarded("semantic tokens", { data: [] as number[] }, async (params) => {
    const r = await linted(params.textDocument.uri);
    return r ? semanticTokens(r.findings, r.lines) : { data: [] };
  }),
);

connection.languages.semanticTokens.onRange(
  guarded("semantic tokens (range)", { data: [] as number[] }, async (params) => {
    const r = await linted(params.textDocument.uri);
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
  for (const t of timers.values()) clearTimeout(t);
  timers.clear();
});

documents.listen(connection);
connection.listen();
