// A small least-recently-used map: the server keeps full engine analyses (document model,
// per-sentence facts) only for the few documents last used, since each costs about ten
// times its text in memory; any other open document keeps its findings and is analysed
// again when a feature needs more (see `fullAnalysis` in server.ts).

export class RecentMap<K, V> {
  private readonly entries = new Map<K, V>();

  /** @param onEvict called with an entry dropped for capacity (not for `delete` or `clear`) */
  constructor(
    readonly capacity: number,
    private readonly onEvict?: (key: K, value: V) => void,
  ) {}

  /** The value, which becomes the most recently used. */
  get(key: K): V | undefined {
    const value = this.entries.get(key);
    if (value === undefined) return undefined;
    this.entries.delete(key);
    this.entries.set(key, value);
    return value;
  }

  /** Stores the value as the most recently used, dropping the least recently used beyond capacity. */
  set(key: K, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    // A Map iterates in insertion order, so the first key is the least recently used.
    while (this.entries.size > this.capacity) {
      const [oldKey, oldValue] = this.entries.entries().next().value as [K, V];
      this.entries.delete(oldKey);
      this.onEvict?.(oldKey, oldValue);
    }
  }

  delete(key: K): void {
    this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}
