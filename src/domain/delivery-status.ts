/**
 * Where a pushed delivery stands: `pending` (an attempt is due or in flight), `done` (the ERP
 * answered 2xx), `dead` (dead-lettered: refused for good, or out of attempts). One list, from
 * which the database column, the read API's schema and the code's type all derive.
 */
export const DELIVERY_STATUSES = ['pending', 'done', 'dead'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];
