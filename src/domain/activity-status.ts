/**
 * Whether a source or a subscription takes part: `active`, or `disabled` by an operator (a
 * subscription also by itself, after failing too long). One list, from which the database
 * column, the read API's schema and the code's type all derive. Pure data, no I/O.
 */
export const ACTIVITY_STATUSES = ['active', 'disabled'] as const;
export type ActivityStatus = (typeof ACTIVITY_STATUSES)[number];
