/**
 * Daily API request accounting (facts §A10): every authenticated REST call counts (not the
 * versions list, not OAuth, not the identity URL); a Composite request counts once. Tests and
 * benchmarks read counts per route kind.
 */

export interface UsageReport {
  total: number;
  limit: number;
  remaining: number;
  byRoute: Record<string, number>;
  /** `METHOD kind`, e.g. `PATCH composite/sobjects`. */
  byRouteMethod: Record<string, number>;
  /**
   * Calls per client name from `Sforce-Call-Options: client=…` (a local-org view, like Event
   * Monitoring's client column; '' when the header is absent).
   */
  byClient: Record<string, number>;
}

export class ApiUsage {
  private used = 0;
  private byRoute = new Map<string, number>();
  private byRouteMethod = new Map<string, number>();
  private byClient = new Map<string, number>();

  constructor(public limit: number) {}

  /** False when the daily allocation is spent (the call must then answer REQUEST_LIMIT_EXCEEDED). */
  tryCount(kind: string, method: string, client = ''): boolean {
    if (this.used >= this.limit) return false;
    this.used++;
    this.byClient.set(client, (this.byClient.get(client) ?? 0) + 1);
    this.byRoute.set(kind, (this.byRoute.get(kind) ?? 0) + 1);
    const km = `${method} ${kind}`;
    this.byRouteMethod.set(km, (this.byRouteMethod.get(km) ?? 0) + 1);
    return true;
  }

  header(): string {
    return `api-usage=${this.used}/${this.limit}`;
  }

  get total(): number {
    return this.used;
  }

  /** Pretend `n` calls were already made today (benchmarks, limit tests). */
  setUsed(n: number): void {
    this.used = n;
  }

  reset(): void {
    this.used = 0;
    this.byRoute.clear();
    this.byRouteMethod.clear();
    this.byClient.clear();
  }

  report(): UsageReport {
    return {
      total: this.used,
      limit: this.limit,
      remaining: Math.max(0, this.limit - this.used),
      byRoute: Object.fromEntries(this.byRoute),
      byRouteMethod: Object.fromEntries(this.byRouteMethod),
      byClient: Object.fromEntries(this.byClient),
    };
  }
}
