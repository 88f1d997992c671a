// Types for the parts of corpus.mjs that tests import.
export interface SeededRandom {
  next(): number;
  int(n: number): number;
  pick<T>(xs: readonly T[]): T;
  chance(p: number): boolean;
}
export function makeRandom(seed: number): SeededRandom;
/** A contract of roughly `bytes` bytes, the benchmark's kind of document. */
export function contract(seed: number, bytes: number): string;
