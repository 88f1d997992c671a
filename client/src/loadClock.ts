// Imported first by extension.ts so that activation time includes evaluating the bundled
// language-client library, not only our own activate().
import { performance } from "node:perf_hooks";

export const bundleEvaluationStartedAt = performance.now();
