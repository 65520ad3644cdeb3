/**
 * A token bucket per key, in memory: per source (one misbehaving 1C base cannot starve the
 * others) and per client address for requests without valid credentials. Per process —
 * with N replicas the effective limit is N× (docs/security.md).
 */
export class RateLimiter {
  private buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly perMinute: number,
    private readonly now: () => number = Date.now,
    /** Past this many keys, buckets that have refilled are forgotten (addresses are unbounded). */
    private readonly maxKeys = 100_000,
  ) {}

  /** 0 when allowed, else the seconds to wait. */
  take(key: string): number {
    if (this.perMinute <= 0) return 0;
    const bucket = this.refill(key);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return this.wait(bucket.tokens);
  }

  /** What `take` would answer, without taking: 0 when a request would be allowed. */
  peek(key: string): number {
    if (this.perMinute <= 0) return 0;
    const bucket = this.buckets.get(key);
    if (!bucket) return 0;
    const tokens = Math.min(this.perMinute, bucket.tokens + ((this.now() - bucket.at) * this.perMinute) / 60000);
    return tokens >= 1 ? 0 : this.wait(tokens);
  }

  private refill(key: string): { tokens: number; at: number } {
    const now = this.now();
    let bucket = this.buckets.get(key);
    if (!bucket) {
      if (this.buckets.size >= this.maxKeys) this.prune(now);
      bucket = { tokens: this.perMinute, at: now };
      this.buckets.set(key, bucket);
    }
    bucket.tokens = Math.min(this.perMinute, bucket.tokens + ((now - bucket.at) * this.perMinute) / 60000);
    bucket.at = now;
    return bucket;
  }

  private wait(tokens: number): number {
    return Math.max(1, Math.ceil(((1 - tokens) * 60) / this.perMinute));
  }

  /** Forget full buckets (a forgotten key starts full again: nothing changes for it). */
  private prune(now: number): void {
    for (const [key, bucket] of this.buckets) {
      if (bucket.tokens + ((now - bucket.at) * this.perMinute) / 60000 >= this.perMinute) this.buckets.delete(key);
    }
    // Still full of active keys (a flood from very many addresses): drop the oldest half.
    if (this.buckets.size >= this.maxKeys) {
      let drop = this.buckets.size / 2;
      for (const key of this.buckets.keys()) {
        if (drop-- <= 0) break;
        this.buckets.delete(key);
      }
    }
  }
}
