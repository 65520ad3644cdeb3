/**
 * Clocks for ТекущаяДата and friends. Tests and the emulator drive a `ManualClock`; the
 * system clock serves interactive use.
 */
import type { Clock } from './host-api.js';

/** A clock the caller moves: `set`, `advance`. Local time is UTC + a fixed offset. */
export class ManualClock implements Clock {
  constructor(
    private utcMs: number,
    private readonly offset = 0,
  ) {}

  nowUtcMs(): number {
    return this.utcMs;
  }

  offsetMinutes(): number {
    return this.offset;
  }

  set(utcMs: number): void {
    this.utcMs = utcMs;
  }

  advance(ms: number): void {
    this.utcMs += ms;
  }
}

/** The machine's clock and zone. */
export const systemClock: Clock = {
  nowUtcMs: () => Date.now(),
  offsetMinutes: (utcMs) => -new Date(utcMs).getTimezoneOffset(),
};
