/**
 * ГенераторСлучайныхЧисел: СлучайноеЧисло(Мин = 0, Макс = 4294967295) gives an integer in
 * [Мин, Макс], both 32-bit unsigned (Макс < Мин is an error). A generator made with a
 * НачальноеЧисло gives the same sequence every time (1C documents that; the sequence itself
 * is this runtime's, not the platform's); without one (or with 0) it is seeded at random.
 */
import { randomInt } from 'node:crypto';
import { defineClass, PlatformObject } from '../class-def.js';
import { BslError } from '../errors.js';
import type { ConstructorDef } from '../host-api.js';
import { type BslValue, Decimal } from '../values.js';
import { number } from './args.js';

const MAX = 0xffffffff;

function bound(v: BslValue, fallback: number, what: string): number {
  if (v === undefined) return fallback;
  const d = number(v).trunc();
  if (d.isNegative() || d.gt(MAX)) throw new BslError(`Недопустимое значение параметра (${what})`);
  return d.toNumber();
}

const GENERATOR = defineClass<RandomNumberGenerator>({
  ru: 'ГенераторСлучайныхЧисел',
  en: 'RandomNumberGenerator',
  methods: {
    СлучайноеЧисло: {
      en: 'RandomNumber',
      min: 0,
      max: 2,
      call: (s, [lo, hi]) => {
        const a = bound(lo, 0, 'НачальноеЗначение');
        const b = bound(hi, MAX, 'КонечноеЗначение');
        if (b < a) throw new BslError('Недопустимое значение параметра (КонечноеЗначение)');
        // 53 random bits scaled to the range: uniform enough, and the same for a seed.
        const r = s.next() * 2 ** 21 + (s.next() >>> 11);
        return new Decimal(a + Math.floor((r / 2 ** 53) * (b - a + 1)));
      },
    },
  },
});

export class RandomNumberGenerator extends PlatformObject {
  readonly cls = GENERATOR;
  private state: number;

  constructor(seed: number) {
    super();
    this.state = seed >>> 0;
  }

  /** mulberry32: 32 random bits per step. */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }
}

export const RANDOM_NUMBER_GENERATOR_TYPE: ConstructorDef = {
  ru: 'ГенераторСлучайныхЧисел',
  en: 'RandomNumberGenerator',
  min: 0,
  max: 1,
  construct: ([seed]) => {
    const s = seed === undefined ? 0 : number(seed).trunc();
    if (s === 0 || (s instanceof Decimal && s.isZero())) return new RandomNumberGenerator(randomInt(1, MAX));
    // Any integer seeds the generator: its low 32 bits.
    return new RandomNumberGenerator(Number(BigInt.asUintN(32, BigInt((s as Decimal).toFixed()))));
  },
};
