import { withZoneOffset } from '../../domain/local-date.js';
import type { Warning } from '../../domain/warning.js';
import type { DeclaredContent, DeclaredRef, DeclaredValue } from '../../kinds/declared-content.js';
import type { AttributeDefinition, KindDefinition } from '../../kinds/kind-definition.js';
import type { KindRegistry } from '../../kinds/kind-registry.js';

/** A row's bookkeeping as the presenter reads it (the `objects` columns, or a feed entry's). */
export interface DeclaredBookkeeping {
  id: string;
  source_id: string;
  uuid: string | null;
  source_ref: string;
  deletion_mark: number;
  deleted: number;
  version: number;
  event_number: string | null;
  data_version: string | null;
  warnings: string;
  created_at: string;
  updated_at: string;
}

/** Where a reference points once resolved: `kind` + GUID → the object's id here. */
export type ResolvedRefs = ReadonlyMap<string, string>;

export const refKey = (kind: string, uuid: string) => `${kind}\u0000${uuid}`;

const isRef = (v: unknown): v is DeclaredRef => typeof v === 'object' && v !== null && 'presentation' in v;

/** Presents declared values: dates with the zone's offset, references with their kind (and id, when resolved). */
export class DeclaredPresenter {
  constructor(
    private readonly kinds: KindRegistry,
    private readonly timezone: string,
  ) {}

  private value(a: AttributeDefinition, v: DeclaredValue | undefined, refs: ResolvedRefs | undefined): unknown {
    if (v === undefined) return a.type.type === 'boolean' ? false : a.type.type === 'string' ? '' : null;
    if (a.type.type === 'date') return withZoneOffset(typeof v === 'string' ? v : null, this.timezone);
    if (a.type.type !== 'ref' || !isRef(v)) return v;
    const target = v.type ? this.kindOfType(v.type) : undefined;
    if (!target) return v;
    return Object.assign({}, v, { kind: target.kind }, refs ? { id: (v.uuid && refs.get(refKey(target.kind, v.uuid))) ?? null } : {});
  }

  /** `Справочник.Контрагенты` → the kind synced from it. */
  kindOfType(type: string): KindDefinition | undefined {
    const [cls, name] = type.split('.');
    if (cls !== 'Справочник' && cls !== 'Документ') return undefined;
    return name ? this.kinds.ofTarget({ class: cls, name }) : undefined;
  }

  private bookkeeping(kind: KindDefinition, row: DeclaredBookkeeping) {
    return {
      id: row.id,
      kind: kind.kind,
      sourceId: row.source_id,
      uuid: row.uuid,
      sourceRef: row.source_ref,
      deletionMark: row.deletion_mark === 1,
      deleted: row.deleted === 1,
      version: row.version,
      eventNumber: row.event_number,
      dataVersion: row.data_version,
      warnings: JSON.parse(row.warnings) as Warning[],
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    };
  }

  summary(kind: KindDefinition, row: DeclaredBookkeeping & { fields: string }, refs?: ResolvedRefs) {
    const fields = JSON.parse(row.fields) as Record<string, DeclaredValue>;
    return Object.assign(this.bookkeeping(kind, row), { attributes: Object.fromEntries(kind.list.map((a) => [a.name, this.value(a, fields[a.name], refs)])) });
  }

  object(kind: KindDefinition, row: DeclaredBookkeeping, content: DeclaredContent, refs?: ResolvedRefs) {
    return Object.assign(this.bookkeeping(kind, row), {
      attributes: Object.fromEntries(kind.attributes.map((a) => [a.name, this.value(a, content.attributes[a.name], refs)])),
      sections: Object.fromEntries(
        kind.sections.map((s) => [
          s.name,
          // One fromEntries, not Object.assign: the keys are the declaration's names, and
          // assigning a key named `__proto__` would set the row's prototype instead.
          (content.sections[s.name] ?? []).map((r) =>
            Object.fromEntries([
              ...(s.discriminator ? [[s.discriminator, r[s.discriminator] ?? null]] : []),
              ...s.attributes.map((a) => [a.name, this.value(a, r[a.name] as DeclaredValue | undefined, refs)]),
            ]),
          ),
        ]),
      ),
      ...(content.extra ? { extra: content.extra } : {}),
    });
  }

  /** The references of these values that point to declared kinds: what to resolve. */
  references(values: readonly Record<string, unknown>[], sections?: readonly DeclaredContent['sections'][]): { kind: string; uuid: string }[] {
    const out = new Map<string, { kind: string; uuid: string }>();
    const add = (v: unknown) => {
      if (!isRef(v) || !v.uuid || !v.type) return;
      const target = this.kindOfType(v.type);
      if (target) out.set(refKey(target.kind, v.uuid), { kind: target.kind, uuid: v.uuid });
    };
    for (const attrs of values) for (const v of Object.values(attrs)) add(v);
    for (const s of sections ?? []) for (const rows of Object.values(s)) for (const r of rows) for (const v of Object.values(r)) add(v);
    return [...out.values()];
  }
}
