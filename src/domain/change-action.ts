/** The `action` 1C sends; `create` is never trusted (the classic modules always send `update`). */
export const WEBHOOK_ACTIONS = ['create', 'update', 'delete'] as const;
export type ChangeAction = (typeof WEBHOOK_ACTIONS)[number];
