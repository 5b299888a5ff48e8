// Token buckets per client address (connections per second, REST requests per second). The map
// is bounded: past `maxAddresses` entries, idle addresses (full buckets) are forgotten first.
import { type Bucket, fullBucket, take } from './token-bucket.js';

export class AddressRates {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    /** Takes per second per address; 0 turns the limit off. */
    private readonly rate: number,
    private readonly maxAddresses = 100_000,
  ) {}

  /** False when `address` is over its rate. */
  take(address: string, now: number): boolean {
    if (this.rate <= 0) return true;
    let b = this.buckets.get(address);
    if (!b) {
      if (this.buckets.size >= this.maxAddresses) this.forgetIdle(now);
      b = fullBucket(this.rate, now);
      this.buckets.set(address, b);
    }
    return take(b, this.rate, now);
  }

  private forgetIdle(now: number): void {
    for (const [address, b] of this.buckets) {
      if (b.tokens + ((now - b.at) / 1000) * this.rate >= this.rate) this.buckets.delete(address);
    }
    // Everyone busy at once: start over rather than grow without bound.
    if (this.buckets.size >= this.maxAddresses) this.buckets.clear();
  }
}
