/**
 * The raw material of the emulator's scenarios: a seeded PRNG, Ukrainian identifiers with
 * correct check digits (the ЄДРПОУ and РНОКПП checksums of src/domain/tax-identifiers.ts), names and addresses.
 */

/** mulberry32: tiny, fast, and the same sequence for a seed on every platform. */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(list: readonly T[]): T {
    if (list.length === 0) throw new RangeError('pick from an empty list');
    return list[this.int(0, list.length - 1)]!;
  }

  shuffle<T>(list: T[]): T[] {
    for (let i = list.length - 1; i > 0; i--) {
      const j = this.int(0, i);
      [list[i], list[j]] = [list[j]!, list[i]!];
    }
    return list;
  }

  /** A version-4 GUID in the lowercase 36-character form of Строка(УникальныйИдентификатор()). */
  guid(): string {
    const hex = Array.from({ length: 32 }, () => this.int(0, 15).toString(16));
    hex[12] = '4';
    hex[16] = (8 + this.int(0, 3)).toString(16);
    const h = hex.join('');
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  }
}

/**
 * ЄДРПОУ check digit for the first seven digits: weights 1..7, or 7,1,2,3,4,5,6 when the
 * code lies between 30000000 and 60000000; s = Σ(w·d) mod 11; if s = 10 the weights grow
 * by 2 and s is recomputed; the digit is s mod 10. (Callers avoid 6000000x, the one prefix
 * where the check digit itself decides the range.)
 */
export function edrpouCheckDigit(first7: string): string {
  if (!/^\d{7}$/.test(first7)) throw new RangeError(`ЄДРПОУ needs seven digits, got ${first7}`);
  const digits = [...first7].map(Number);
  const value = Number(first7) * 10;
  const weights = value >= 30000000 && value < 60000000 ? [7, 1, 2, 3, 4, 5, 6] : [1, 2, 3, 4, 5, 6, 7];
  const sum = (add: number) => digits.reduce((s, d, i) => s + d * (weights[i]! + add), 0) % 11;
  let s = sum(0);
  if (s === 10) s = sum(2);
  return String(s % 10);
}

/** РНОКПП (a person's ІПН) check digit: weights -1,5,7,9,4,6,10,5,7; (Σ mod 11) mod 10. */
export function rnokppCheckDigit(first9: string): string {
  if (!/^\d{9}$/.test(first9)) throw new RangeError(`РНОКПП needs nine digits, got ${first9}`);
  const weights = [-1, 5, 7, 9, 4, 6, 10, 5, 7];
  const s = [...first9].reduce((acc, d, i) => acc + Number(d) * weights[i]!, 0);
  return String((((s % 11) + 11) % 11) % 10);
}

const FORMS = ['ТОВ', 'ТОВ', 'ТОВ', 'ПП', 'ПрАТ'];
const ROOTS = [
  'Ромашка',
  'Каштан',
  'Дніпро',
  'Полісся',
  'Карпати',
  'Світанок',
  'Зерноторг',
  'Металіст',
  'Вербиця',
  'Добробут',
  'Оболонь',
  'Поділля',
  'Слобожанщина',
  'Таврія',
  'Буковина',
  'Сіверщина',
  'Волинь',
  'Галичина',
  'Поляна',
  'Калина',
  'Джерело',
  'Сокіл',
  'Берегиня',
  'Урожай',
  'Будівельник',
  'Енергія',
  'Тепломонтаж',
  'Агросвіт',
  'Хлібодар',
  'Меридіан',
];
const SUFFIXES = ['', '-Агро', '-Трейд', '-Буд', '-Сервіс', '-Постач', ' Груп', ' Плюс', '-Інвест', '-Логістик', ' Україна', '-Південь'];
const CITIES = ['Київ', 'Львів', 'Дніпро', 'Харків', 'Одеса', 'Вінниця', 'Полтава', 'Житомир', 'Черкаси', 'Рівне', 'Суми', 'Ужгород'];

/**
 * "ТОВ «Каштан-Трейд» (Полтава)". The classic modules identify a client by this presentation
 * (СсылкаКлиента = Строка(Ссылка) = Наименование), so two clients of one name are one object
 * to the receiver: names must be unique in a run and rarely repeat across seeds.
 */
export function companyName(rng: Rng): string {
  const name = `${rng.pick(FORMS)} «${rng.pick(ROOTS)}${rng.pick(SUFFIXES)}»`;
  return rng.chance(0.7) ? `${name} (${rng.pick(CITIES)})` : name;
}

// Surnames that do not change with gender (-енко, -ук, -чук), so any first name fits.
const SURNAMES = [
  'Петренко',
  'Коваленко',
  'Шевчук',
  'Бондаренко',
  'Ткаченко',
  'Кравчук',
  'Олійник',
  'Мельничук',
  'Савченко',
  'Бойко',
  'Литвиненко',
  'Романюк',
  'Гончаренко',
  'Руденко',
  'Марченко',
  'Поліщук',
];
const MEN = ['Іван', 'Андрій', 'Сергій', 'Дмитро', 'Олег', 'Тарас', 'Юрій', 'Максим'];
const WOMEN = ['Олена', 'Марія', 'Оксана', 'Наталія', 'Ірина', 'Тетяна', 'Світлана', 'Юлія'];
const PATRONYMICS: Array<[string, string]> = [
  ['Васильович', 'Василівна'],
  ['Петрович', 'Петрівна'],
  ['Іванович', 'Іванівна'],
  ['Миколайович', 'Миколаївна'],
  ['Олексійович', 'Олексіївна'],
  ['Степанович', 'Степанівна'],
  ['Богданович', 'Богданівна'],
  ['Олегович', 'Олегівна'],
];

/** "Петренко Іван Васильович": a sole trader's full name. */
export function personName(rng: Rng): string {
  const woman = rng.chance(0.5);
  const [he, she] = rng.pick(PATRONYMICS);
  return `${rng.pick(SURNAMES)} ${rng.pick(woman ? WOMEN : MEN)} ${woman ? she : he}`;
}

export const STREETS = [
  'м. Київ, вул. Хрещатик',
  'м. Львів, вул. Городоцька',
  'м. Дніпро, просп. Яворницького',
  'м. Харків, вул. Сумська',
  'м. Одеса, вул. Дерибасівська',
  'м. Вінниця, вул. Соборна',
  'м. Полтава, вул. Соборності',
  'м. Житомир, вул. Київська',
];

/** amount = quantity × price, rounded half up to kopecks, in BigInt (never a float for money). */
export function amountFor(quantity: string, price: string): string {
  const scaled = (text: string, digits: number) => {
    const [i, f = ''] = text.split('.') as [string, string?];
    return BigInt(i) * 10n ** BigInt(digits) + BigInt(f.padEnd(digits, '0').slice(0, digits) || '0');
  };
  const kop = (scaled(quantity, 3) * scaled(price, 2) + 500n) / 1000n;
  return `${kop / 100n}.${String(kop % 100n).padStart(2, '0')}`.replace(/\.?0+$/, '') || '0';
}

/** ВерсияДанных is opaque to us; 1C shows it as base64 of a counter, e.g. "AAAAAgAAAAA=". */
export function dataVersion(writes: number): string {
  const bytes = Buffer.alloc(8);
  bytes.writeUInt32BE(writes, 0);
  return bytes.toString('base64');
}

const COMMENTS = ['', '', '', 'Доставка Новою поштою', 'Згідно договору № 14/25', 'Оплата до кінця місяця', 'Терміново! "Склад №2"'];

export function pickDocumentComment(rng: Rng): string {
  return rng.pick(COMMENTS);
}
