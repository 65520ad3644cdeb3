import { type Static, Type } from '@sinclair/typebox';
import { CHANGE_ACTIONS } from '../domain/event-outcomes.js';
import { OBJECT_KINDS, OBJECT_TYPES } from '../domain/kinds.js';
import { ClientSchema, InvoiceSchema } from './api-schemas.js';
import { AnyDeclaredObjectSchema } from './declared-schemas.js';
import { literalUnion } from './literal-union.js';

/** One entry of the changes feed (GET /api/v1/changes, the SSE stream, NATS, outbound webhooks). */
export const ChangeSchema = Type.Object(
  {
    id: Type.String({ description: 'The change id (the journal event that made it): stable, unique — dedup on it' }),
    cursor: Type.String({ description: 'Its position in commit order: pass as `after` to continue past it' }),
    kind: Type.String({ description: `The kind: ${OBJECT_KINDS.join(', ')}, or a declared kind (GET /api/v1/kinds)` }),
    action: literalUnion(CHANGE_ACTIONS),
    objectType: literalUnion(OBJECT_TYPES),
    objectId: Type.String(),
    version: Type.Integer({ description: 'The object version this change made' }),
    sourceId: Type.String(),
    committedAt: Type.String(),
    object: Type.Union([InvoiceSchema, ClientSchema, AnyDeclaredObjectSchema], {
      description: 'The object as the read API presents it at this version; a delete carries the last state, with deleted=true',
    }),
  },
  { $id: 'Change' },
);
export type ApiChange = Static<typeof ChangeSchema>;

export const ChangePageSchema = Type.Object({
  items: Type.Array(ChangeSchema),
  nextCursor: Type.String({ description: 'Always set: pass as `after` next time. An empty page means "caught up".' }),
});
export type ApiChangePage = Static<typeof ChangePageSchema>;
