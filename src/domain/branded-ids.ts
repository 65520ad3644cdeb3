/**
 * Ids that must not be confused: all are strings on the wire and in the database, but a
 * source id passed where an event id belongs is a bug the compiler can catch. A brand is a
 * type-only tag (nothing at run time); values get it where they are made or read from a
 * trusted column, through the functions below.
 */
import { newId } from './new-id.js';

declare const brand: unique symbol;
type Brand<T, B extends string> = T & { readonly [brand]: B };

/** A 1C base posting to the service (`src_…`, or `default` in open mode). */
export type SourceId = Brand<string, 'SourceId'>;
/** A journal entry: one webhook request (UUIDv7, so ids sort by arrival). */
export type EventId = Brand<string, 'EventId'>;
/** A stored invoice or client (UUIDv7). */
export type ObjectId = Brand<string, 'ObjectId'>;

/** An id read from a trusted place (the database, an authenticated credential, a validated parameter). */
export const asSourceId = (id: string): SourceId => id as SourceId;
export const asEventId = (id: string): EventId => id as EventId;
export const asObjectId = (id: string): ObjectId => id as ObjectId;

export const newEventId = (): EventId => asEventId(newId());
export const newObjectId = (): ObjectId => asObjectId(newId());
