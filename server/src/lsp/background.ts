// Analyses nobody is typing into run off the server's main thread (issue 16): a document
// opened or changed beside the one being typed in, a pulled or previewed one, and the closed
// files of a workspace check. An analysis cannot be interrupted once started, and one with
// costly custom rules runs up to its time budget (10 s by default): on the main thread it
// would hold every request about every other document until it ended. In a worker thread
// it holds none; its findings come back as data. A feature that needs the full analysis
// (hover, code actions, outline, folding, code lens) of such a document is answered by the
// worker too (`feature`), from the full analysis it keeps of the last open document it
// analysed: one, so that a second engine costs one document's analysis, not one per document.
//
// The Node server (nodeDeps.ts) runs one worker, started on first use from the server's own
// script (main.ts runs `runAnalysisWorker` there); the web worker build and in-process
// tests have none and analyse on the main thread as before.
import { Worker, type MessagePort } from "node:worker_threads";
import type { Diagnostic } from "vscode-languageserver";
import { analyze, builtinRules, DEFAULT_TIME_BUDGET_MS, fixAll, fixesFor, type Analysis, type Finding } from "../engine";
import type { PolicyConfig } from "../engine/config";
import { coverageOf, type DocumentCoverage } from "../engine/coverage";
import { internalErrorText } from "../internalError";
import { codeActions } from "./codeActions";
import { hoverAt } from "./hover";
import { documentSymbols, foldingRanges, summaryLens } from "./outline";
import { applySeverityOverrides, type PolicyLensSettings } from "./settings";

export interface BackgroundJob {
  text: string;
  config?: PolicyConfig;
  timeBudgetMs?: number;
  /** The beginning of a long document, analysed first (AnalyzeOptions.preview). */
  preview?: boolean;
  /** An open document's: its full analysis is kept for the features asked next (FeatureJob). */
  uri?: string;
}

/** What a feature needs besides the analysis: the request's parameters, as offsets. */
export type FeatureQuery =
  | { feature: "hover"; offset: number }
  | { feature: "code actions"; from: number; to: number; diagnostics: Diagnostic[]; only?: string[]; documentChanges: boolean }
  | { feature: "symbols" }
  | { feature: "folding" }
  | { feature: "code lens" };

/** A feature of an open document, answered from its full analysis (kept, or made for it). */
export interface FeatureJob extends BackgroundJob {
  uri: string;
  version: number;
  severity: PolicyLensSettings["severity"];
  snippets: boolean;
  query: FeatureQuery;
}

export interface BackgroundResult {
  findings: Finding[];
  coverage?: DocumentCoverage;
  kind: string;
  profile?: string;
}

export interface BackgroundAnalyzer {
  analyze(job: BackgroundJob): Promise<BackgroundResult>;
  /** The answer to a feature request (the shapes of lsp/hover.ts, codeActions.ts, outline.ts). */
  feature(job: FeatureJob): Promise<unknown>;
  /** The document was closed: its full analysis, if kept, is let go. */
  forget(uri: string): void;
  dispose(): void;
}

/** A job as sent to the worker. */
export interface Request extends BackgroundJob {
  id: number;
  /** Configs are sent with every job (they are small) but the worker keeps its first copy of each, so the engine's per-config caches hold. */
  configId: number;
  feature?: Pick<FeatureJob, "uri" | "version" | "severity" | "snippets" | "query">;
  /** Only lets go of the kept analysis of `uri` (a closed document); no analysis. */
  forget?: boolean;
}

export type Reply = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: string };

/** Marks the worker in the server's script: main.ts runs the worker instead of a server when it sees it. */
export const ANALYSIS_WORKER_DATA = { policyLensAnalysisWorker: true };

/** Runs analyses in a worker thread of `script` (dist/server.js), one at a time, in the order asked. */
export class WorkerAnalyzer implements BackgroundAnalyzer {
  private worker: Worker | undefined;
  private readonly jobs = new Map<number, { resolve: (r: never) => void; reject: (e: Error) => void }>();
  private nextId = 0;
  private readonly configIds = new WeakMap<PolicyConfig, number>();
  private nextConfigId = 0;

  constructor(private readonly script: string) {}

  analyze(job: BackgroundJob): Promise<BackgroundResult> {
    return this.send(job);
  }

  feature(job: FeatureJob): Promise<unknown> {
    const { uri, version, severity, snippets, query } = job;
    return this.send(job, { uri, version, severity, snippets, query });
  }

  forget(uri: string): void {
    // A worker not started keeps nothing; the reply to id 0 is dropped.
    this.worker?.postMessage({ id: 0, text: "", configId: 0, uri, forget: true } satisfies Request);
  }

  private send<T>(job: BackgroundJob, feature?: Request["feature"]): Promise<T> {
    const worker = (this.worker ??= this.start());
    const id = ++this.nextId;
    let configId = 0;
    if (job.config) {
      configId = this.configIds.get(job.config) ?? ++this.nextConfigId;
      this.configIds.set(job.config, configId);
    }
    const request: Request = { id, text: job.text, configId, config: job.config, timeBudgetMs: job.timeBudgetMs, preview: job.preview, uri: job.uri, feature };
    return new Promise<T>((resolve, reject) => {
      this.jobs.set(id, { resolve: resolve as (r: never) => void, reject });
      worker.postMessage(request);
    });
  }

  dispose(): void {
    const worker = this.worker;
    this.worker = undefined;
    this.fail(new Error("the server is shutting down"));
    void worker?.terminate();
  }

  private start(): Worker {
    const worker = new Worker(this.script, { workerData: ANALYSIS_WORKER_DATA });
    // The server's process ends when its connection does, whatever the worker is doing.
    worker.unref();
    worker.on("message", (reply: Reply) => {
      const job = this.jobs.get(reply.id);
      if (!job) return;
      this.jobs.delete(reply.id);
      if (reply.ok) job.resolve(reply.result as never);
      else job.reject(new Error(reply.error));
    });
    worker.on("error", (e) => this.stopped(worker, e));
    worker.on("exit", (code) => this.stopped(worker, new Error(`the analysis worker stopped (exit code ${code})`)));
    return worker;
  }

  /** A worker that died (out of memory, say) fails its jobs; the next job starts a new one. */
  private stopped(worker: Worker, error: Error): void {
    if (this.worker !== worker) return;
    this.worker = undefined;
    this.fail(error);
  }

  private fail(error: Error): void {
    const jobs = [...this.jobs.values()];
    this.jobs.clear();
    for (const job of jobs) job.reject(error);
  }
}

/** The worker's side: analyses each job it is sent and replies with its findings and coverage, or the feature asked. */
export function runAnalysisWorker(port: MessagePort): void {
  const handle = analysisHandler();
  port.on("message", (request: Request) => port.postMessage(handle(request)));
}

/**
 * What the worker does with a request, as a function (tests run it in process): the
 * analysis of a text, or a feature of an open document from its full analysis, which it
 * keeps for the last open document it analysed while its text and config are unchanged.
 */
export function analysisHandler(): (request: Request) => Reply {
  const configs = new Map<number, PolicyConfig>();
  const rules = builtinRules();
  let kept: { uri: string; text: string; configId: number; timeBudgetMs?: number; analysis: Analysis } | undefined;
  return (request) => {
    if (request.forget) {
      if (kept?.uri === request.uri) kept = undefined;
      return { id: request.id, ok: true, result: undefined };
    }
    try {
      let config: PolicyConfig | undefined;
      if (request.configId) {
        config = configs.get(request.configId);
        if (!config && request.config) configs.set(request.configId, (config = request.config));
      }
      const options = { rules, config, timeBudgetMs: request.timeBudgetMs };
      const current = kept && kept.uri === request.uri && kept.text === request.text && kept.configId === request.configId && kept.timeBudgetMs === request.timeBudgetMs ? kept : undefined;
      const analysis = current?.analysis ?? analyze(request.text, { ...options, preview: request.preview });
      if (request.uri && !request.preview) kept = { uri: request.uri, text: request.text, configId: request.configId, timeBudgetMs: request.timeBudgetMs, analysis };
      if (request.feature) return { id: request.id, ok: true, result: answer(request.feature, analysis, request.text, options) };
      return {
        id: request.id,
        ok: true,
        result: { findings: analysis.findings, coverage: request.preview ? undefined : coverageOf(analysis, rules), kind: analysis.kind, profile: analysis.settings.profile } satisfies BackgroundResult,
      };
    } catch (e) {
      return { id: request.id, ok: false, error: internalErrorText(e) };
    }
  };
}

/** A feature's answer, as the server's handlers compute it on the main thread (server.ts). */
function answer(job: NonNullable<Request["feature"]>, analysis: Analysis, text: string, options: { rules: ReturnType<typeof builtinRules>; config?: PolicyConfig; timeBudgetMs?: number }): unknown {
  const rules = options.rules;
  const findings = applySeverityOverrides(analysis.findings, job.severity);
  const fixes = (f: Finding) => fixesFor(analysis, f, rules, { snippets: job.snippets });
  const query = job.query;
  switch (query.feature) {
    case "hover":
      return hoverAt({ analysis, findings, rules, fixesFor: fixes }, query.offset);
    case "symbols":
      return documentSymbols(analysis, findings, rules);
    case "folding":
      return foldingRanges(analysis);
    case "code lens":
      return [summaryLens(analysis, findings, rules)];
    case "code actions": {
      // One time budget for the request, as on the main thread.
      const started = performance.now();
      const budget = options.timeBudgetMs ?? DEFAULT_TIME_BUDGET_MS;
      const left = () => budget - (performance.now() - started);
      return codeActions({
        uri: job.uri,
        version: job.version,
        text,
        lines: analysis.document.lines,
        findings,
        from: query.from,
        to: query.to,
        diagnostics: query.diagnostics,
        only: query.only,
        documentChanges: query.documentChanges,
        fixesFor: fixes,
        fixAllText: () => fixAll(text, (t) => analyze(t, { ...options, timeBudgetMs: Math.max(1, left()) }), rules, undefined, () => left() <= 0).text,
        outOfTime: () => left() <= 0,
      });
    }
  }
}
