// How many crashes the client forgives: a sliding window, so a server that crashes now and
// then is always restarted, and only a tight crash loop is given up on. No vscode import,
// so it is unit-tested in `npm test`.

export class RestartBudget {
  private restarts: number[] = [];

  constructor(
    readonly maxRestarts: number,
    readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Records a crash; true when the server should be restarted. */
  allowRestart(): boolean {
    const now = this.now();
    this.restarts = this.restarts.filter((t) => now - t < this.windowMs);
    if (this.restarts.length >= this.maxRestarts) return false;
    this.restarts.push(now);
    return true;
  }

  /** Crashes counted in the current window. */
  get recentRestarts(): number {
    return this.restarts.length;
  }
}
