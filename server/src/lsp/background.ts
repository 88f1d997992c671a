// Analyses nobody is typing into run off the server's main thread (issue 16): a document
// opened or changed beside the one being typed in, a pulled or previewed one, and the closed
// files of a workspace check. An analysis cannot be interrupted once started, and one with
// costly custom rules runs up to its time budget (10 s by default): on the main thread it
// would hold every request about every other document until it ended. In a worker thread
// it holds none; its findings come back as data, and a feature that needs the full
// analysis (hover, code actions) analyses the document again on the main thread.
//
// The Node server (nodeDeps.ts) runs one worker, started on first use from the server's own
// script (main.ts runs `runAnalysisWorker` there); the web worker build and in-process
// tests have none and analyse on the main thread as before.
import { Worker, type MessagePort } from "node:worker_threads";
import { analyze, builtinRules, type Finding } from "../engine";
import type { PolicyConfig } from "../engine/config";
import { coverageOf, type DocumentCoverage } from "../engine/coverage";
import { internalErrorText } from "../internalError";

export interface BackgroundJob {
  text: string;
  config?: PolicyConfig;
  timeBudgetMs?: number;
  /** The beginning of a long document, analysed first (AnalyzeOptions.preview). */
  preview?: boolean;
}

export interface BackgroundResult {
  findings: Finding[];
  coverage?: DocumentCoverage;
  kind: string;
  profile?: string;
}

export interface BackgroundAnalyzer {
  analyze(job: BackgroundJob): Promise<BackgroundResult>;
  dispose(): void;
}

interface Request {
  id: number;
  text: string;
  /** Configs are sent with every job (they are small) but the worker keeps its first copy of each, so the engine's per-config caches hold. */
  configId: number;
  config?: PolicyConfig;
  timeBudgetMs?: number;
  preview?: boolean;
}

type Reply = { id: number; ok: true; result: BackgroundResult } | { id: number; ok: false; error: string };

/** Marks the worker in the server's script: main.ts runs the worker instead of a server when it sees it. */
export const ANALYSIS_WORKER_DATA = { policyLensAnalysisWorker: true };

/** Runs analyses in a worker thread of `script` (dist/server.js), one at a time, in the order asked. */
export class WorkerAnalyzer implements BackgroundAnalyzer {
  private worker: Worker | undefined;
  private readonly jobs = new Map<number, { resolve: (r: BackgroundResult) => void; reject: (e: Error) => void }>();
  private nextId = 0;
  private readonly configIds = new WeakMap<PolicyConfig, number>();
  private nextConfigId = 0;

  constructor(private readonly script: string) {}

  analyze(job: BackgroundJob): Promise<BackgroundResult> {
    const worker = (this.worker ??= this.start());
    const id = ++this.nextId;
    let configId = 0;
    if (job.config) {
      configId = this.configIds.get(job.config) ?? ++this.nextConfigId;
      this.configIds.set(job.config, configId);
    }
    const request: Request = { id, text: job.text, configId, config: job.config, timeBudgetMs: job.timeBudgetMs, preview: job.preview };
    return new Promise((resolve, reject) => {
      this.jobs.set(id, { resolve, reject });
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
      if (reply.ok) job.resolve(reply.result);
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

/** The worker's side: analyses each job it is sent and replies with its findings and coverage. */
export function runAnalysisWorker(port: MessagePort): void {
  const configs = new Map<number, PolicyConfig>();
  const rules = builtinRules();
  port.on("message", (request: Request) => {
    let reply: Reply;
    try {
      let config: PolicyConfig | undefined;
      if (request.configId) {
        config = configs.get(request.configId);
        if (!config && request.config) configs.set(request.configId, (config = request.config));
      }
      const analysis = analyze(request.text, { rules, config, timeBudgetMs: request.timeBudgetMs, preview: request.preview });
      reply = {
        id: request.id,
        ok: true,
        result: { findings: analysis.findings, coverage: request.preview ? undefined : coverageOf(analysis, rules), kind: analysis.kind, profile: analysis.settings.profile },
      };
    } catch (e) {
      reply = { id: request.id, ok: false, error: internalErrorText(e) };
    }
    port.postMessage(reply);
  });
}
