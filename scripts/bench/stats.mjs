// Small helpers shared by the benchmarks: medians, percentiles, units, the machine.
import { availableParallelism, cpus, loadavg } from "node:os";

export function median(xs) {
  return percentile(xs, 50);
}

/** Nearest-rank percentile of a sample (p in 0…100). */
export function percentile(xs, p) {
  if (!xs.length) return NaN;
  const sorted = [...xs].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

export function formatSeconds(s) {
  if (!Number.isFinite(s)) return "–";
  return s < 1 ? `${(s * 1000).toFixed(0)} ms` : `${s.toFixed(2)} s`;
}

export function formatBytes(n) {
  if (n >= 1e9) return `${(n / 1e9).toFixed(2)} GB`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(n >= 1e8 ? 0 : 1)} MB`;
  return `${(n / 1e3).toFixed(0)} KB`;
}

export function describeMachine() {
  return {
    cpu: cpus()[0]?.model.trim() ?? "unknown CPU",
    cores: availableParallelism(),
    node: process.version,
    load: loadavg().map((l) => l.toFixed(2)).join(" "),
  };
}
