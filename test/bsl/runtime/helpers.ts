/** Shared helpers of the runtime tests: a runtime with a fixed clock and a one-module runner. */
import { type BslRuntime, type BslValue, createPlatformRuntime, ManualClock, type ModuleInstance } from '../../../src/bsl/runtime/index.js';

/** 2024-01-15 08:30:00 UTC; the base's local time is UTC+2 (Kyiv in winter). */
export const T0 = Date.UTC(2024, 0, 15, 8, 30, 0);

export function runtime(platformVersion = '8.3.24.1500'): { rt: BslRuntime; clock: ManualClock } {
  const clock = new ManualClock(T0, 120);
  return { rt: createPlatformRuntime({ clock, platformVersion }), clock };
}

export async function load(
  text: string,
  name = 'ОбщийМодуль.Тест.Модуль',
  platformVersion?: string,
): Promise<{ rt: BslRuntime; m: ModuleInstance; clock: ManualClock }> {
  const { rt, clock } = runtime(platformVersion);
  const m = await rt.instantiate(rt.compile(text, name));
  return { rt, m, clock };
}

/** Evaluates one expression in a function body of its own. */
export async function evaluate(expression: string, platformVersion?: string): Promise<BslValue> {
  const { m } = await load(`Функция Ф()\n\tВозврат ${expression};\nКонецФункции`, 'ОбщийМодуль.Тест.Модуль', platformVersion);
  return m.call('Ф');
}

/** The value as text for assertions: numbers in plain decimal form. */
export function show(v: BslValue): string {
  if (v === undefined) return 'Неопределено';
  if (v === null) return 'NULL';
  if (typeof v === 'object' && 'toFixed' in v) return (v as { toFixed(): string }).toFixed();
  if (typeof v === 'object' && 'toIso' in v) return (v as { toIso(): string }).toIso();
  return String(v);
}
