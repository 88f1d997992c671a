import { availableParallelism, loadavg } from "node:os";
import { MessageChannel, receiveMessageOnPort, Worker, isMainThread, workerData, type MessagePort } from "node:worker_threads";

/**
 * Spreads a CLI run over the machine's cores: this thread and worker threads take the next
 * item from a shared counter until none are left, and results come back in input order,
 * so the output is the same as a sequential run.
 *
 * It stays synchronous (runCli returns an exit code, not a promise): when this thread runs
 * out of items it blocks on the shared counter until every worker is done, then takes
 * their results from their ports with receiveMessageOnPort, without an event loop turn.
 */

const WORKER_KEY = "policyLensParallelWork";

// Below these, no worker is started even when POLICY_LENS_THREADS asks for one.
const MIN_ITEMS = 2;
export const MIN_PARALLEL_BYTES = 1024 * 1024;
const MAX_WORKERS = 7;
// Unasked, a worker is started per this many bytes of input. A worker is a second V8
// isolate that loads the bundle, compiles the rules and JIT-compiles the analysis again:
// about 1.3 s of CPU, on its thread and V8's compiler and GC threads (measured per thread
// from /proc on the 1,000 x 4 KB benchmark: 2.2 s of CPU on one thread, 3.5 s with a
// worker). On 2 cores a worker made the 4, 5 and 6 MB benchmark corpora slower or no
// faster (quiet-machine wall time 1.5 vs 1.8 s, 2.1 vs 2.4 s, 2.5 vs 2.4 s) and the 15 MB of
// all three together faster (4.7 vs 4.0 s): it pays off from about 6 MB of work per worker.
export const BYTES_PER_WORKER = 8 * 1024 * 1024;
// A worker's young generation, smaller than V8's default: each document's analysis is
// short-lived garbage, and a smaller nursery keeps the run's peak memory down at no
// measurable cost in time.
const WORKER_YOUNG_GENERATION_MB = 8;

export interface ThreadOptions {
  env?: Record<string, string | undefined>;
  /** The 1-minute load average. */
  load?: number;
  cores?: number;
}

/**
 * How many threads, this one included, a run over `items` inputs of `bytes` in total should
 * use: POLICY_LENS_THREADS when set (for at least MIN_PARALLEL_BYTES); else one per
 * BYTES_PER_WORKER beyond this thread's, up to one per core, and only this thread when the
 * machine is already busy (a 1-minute load average of at least one per core, as `make -l`
 * judges it): a worker then only adds its warm-up and finishes no sooner.
 */
export function threadsFor(items: number, bytes: number, { env = process.env, load = loadavg()[0], cores = availableParallelism() }: ThreadOptions = {}): number {
  if (items < MIN_ITEMS || bytes < MIN_PARALLEL_BYTES) return 1;
  const requested = Number(env.POLICY_LENS_THREADS);
  const threads = Number.isInteger(requested) && requested > 0 ? requested : load >= cores ? 1 : Math.min(cores, 1 + Math.floor(bytes / BYTES_PER_WORKER));
  return 1 + Math.max(0, Math.min(threads - 1, items - 1, MAX_WORKERS));
}

/** The size past which a run's total no longer changes threadsFor's answer (so sizes need not all be read). */
export function bytesThatMatter(cores = availableParallelism()): number {
  return Math.max(MIN_PARALLEL_BYTES, BYTES_PER_WORKER * Math.min(cores - 1, MAX_WORKERS));
}

/** How many worker threads to start: threadsFor, less this thread; none outside the bundle. */
export function workerCount(items: number, bytes: number, options: ThreadOptions = {}): number {
  return canStartWorkers() ? threadsFor(items, bytes, options) - 1 : 0;
}

/** Workers run this very file, so it must be the bundle (tests import the TypeScript source). */
function canStartWorkers(): boolean {
  return isMainThread && typeof __filename === "string" && __filename.endsWith(".js");
}

interface WorkerInput<C> {
  [WORKER_KEY]: true;
  count: number;
  context: C;
  /** [NEXT]: the next item to take; [DONE]: workers finished; [PROGRESS]: items finished by workers. */
  counters: Int32Array;
  port: MessagePort;
}
const NEXT = 0;
const DONE = 1;
const PROGRESS = 2;
// A worker that finishes no item for this long is taken for dead (analysis has a time budget).
const STALL_MS = 60_000;

/**
 * Runs `work` on items 0…count-1, here and on `workers` threads that run
 * `serveParallelWork` with the same function; `context` is copied to each worker once.
 * A worker's result arrives as a structured-clone copy, which `revive` turns back into `R`.
 * `onProgress`, if given, hears how many items are done (here and on the workers) as they finish.
 */
export function runInParallel<C, R, P>(count: number, workers: number, context: C, work: (context: C, index: number) => R, revive: (copy: P) => R, onProgress?: (done: number) => void): R[] {
  const results: R[] = new Array(count);
  const counters = new Int32Array(new SharedArrayBuffer(12));
  const ports: MessagePort[] = [];
  for (let w = 0; w < workers; w++) {
    const { port1, port2 } = new MessageChannel();
    const input: WorkerInput<C> = { [WORKER_KEY]: true, count, context, counters, port: port2 };
    new Worker(__filename, { workerData: input, transferList: [port2], resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB } }).unref();
    ports.push(port1);
  }
  let doneHere = 0;
  for (let i = Atomics.add(counters, NEXT, 1); i < count; i = Atomics.add(counters, NEXT, 1)) {
    results[i] = work(context, i);
    onProgress?.(++doneHere + Atomics.load(counters, PROGRESS));
  }
  // Error and exit events cannot arrive while this thread blocks, so a worker that died
  // (it never counts itself done) is noticed by its lack of progress.
  let progress = Atomics.load(counters, PROGRESS);
  let lastProgress = Date.now();
  for (let done = Atomics.load(counters, DONE); done < workers; done = Atomics.load(counters, DONE)) {
    Atomics.wait(counters, DONE, done, 1000);
    const now = Atomics.load(counters, PROGRESS);
    if (now !== progress) {
      [progress, lastProgress] = [now, Date.now()];
      onProgress?.(doneHere + now);
    }
    else if (Date.now() - lastProgress > STALL_MS) break;
  }
  for (const port of ports) {
    for (let m = receiveMessageOnPort(port); m; m = receiveMessageOnPort(port)) {
      const { index, result } = m.message as { index: number; result: P };
      results[index] = revive(result);
    }
    port.close();
  }
  // An item a worker claimed but did not return (it threw, or died) is done here: it then
  // succeeds or fails exactly as in a sequential run.
  for (let i = 0; i < count; i++) if (!(i in results)) results[i] = work(context, i);
  return results;
}

/** In a worker started by runInParallel: takes items until none are left, then reports done. */
export function serveParallelWork<C, R>(work: (context: C, index: number) => R): boolean {
  const input = workerData as WorkerInput<C> | undefined;
  if (isMainThread || !input?.[WORKER_KEY]) return false;
  const { count, context, counters, port } = input;
  port.unref();
  try {
    for (let i = Atomics.add(counters, NEXT, 1); i < count; i = Atomics.add(counters, NEXT, 1)) {
      try {
        port.postMessage({ index: i, result: work(context, i) });
      } catch {
        // Left for the main thread, which reports the failure as a sequential run would.
      }
      Atomics.add(counters, PROGRESS, 1);
    }
  } finally {
    Atomics.add(counters, DONE, 1);
    Atomics.notify(counters, DONE);
  }
  return true;
}
