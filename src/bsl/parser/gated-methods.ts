/**
 * Version-gated methods findable by name alone: a method that the target platform version may
 * lack, whose name (Russian or English) no other catalogued type has, so a call of that name on a
 * receiver of any type can only be that method (ЗаписатьПобитовоеИсключительноеИли).
 */
import { platformCatalogue, versionGate } from '../platform/index.js';

/** Lower-case names of such methods → "Тип.Метод", built on first use. */
let gatedMethodNames: Map<string, string> | undefined;

/** "Тип.Метод" of the gated method only that type has under this name, if any. */
export function gatedMethodByName(name: string): string | undefined {
  gatedMethodNames ??= uniqueGatedMethods();
  return gatedMethodNames.get(name.toLowerCase());
}

function uniqueGatedMethods(): Map<string, string> {
  const catalogue = platformCatalogue();
  const owners = new Map<string, string[]>();
  for (const type of catalogue.types()) {
    for (const m of type.methods) {
      for (const n of [m.name, m.en]) {
        if (!n) continue;
        const list = owners.get(n.toLowerCase()) ?? [];
        list.push(type.name);
        owners.set(n.toLowerCase(), list);
      }
    }
  }
  const out = new Map<string, string>();
  for (const type of catalogue.types()) {
    for (const m of type.methods) {
      const full = `${type.name}.${m.name}`;
      if (versionGate(full)?.kind !== 'method') continue; // a gate of the method itself, not of its type
      for (const n of [m.name, m.en]) if (n && owners.get(n.toLowerCase())?.length === 1) out.set(n.toLowerCase(), full);
    }
  }
  return out;
}
