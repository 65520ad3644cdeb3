import type { Protocol } from './payload-builder.js';
import type { ExpectedResult } from './receiver-model.js';

/**
 * The shape of a working day (day-scenario.ts writes it): its planned deliveries, each with
 * the bytes 1C sends and the receiver's expected answer, and the objects it ends with.
 */
export type ScenarioSize = 'small' | 'day';
export type DayEvent =
  | 'new-client'
  | 'client-edit'
  | 'new-document'
  | 'post'
  | 'edit'
  | 'repost'
  | 'deletion-mark'
  | 'delete'
  | 'delete-again'
  | 'retry'
  | 'late';

export interface PlannedDelivery {
  seq: number;
  /** Local wall time of the 1C event, "YYYY-MM-DDTHH:MM:SS". */
  at: string;
  /** A classic kind, or a declared kind's name (v2 only: the classic modules know the three). */
  kind: string;
  path: string;
  /** Stable per 1C object (`kind:number`); deliveries of one object keep their order. */
  objectKey: string;
  /** Document number, or the client's Код. */
  number: string;
  action: 'create' | 'update' | 'delete';
  event: DayEvent;
  body: Buffer;
  /** v2: the queue record's id, reused on retries. */
  webhookId: string | null;
  eventNumber: string | null;
  expected: ExpectedResult;
  /** The object's version on the receiver after this delivery. */
  expectedVersion: number;
}

export interface ExpectedObject {
  kind: string;
  key: string;
  number: string;
  uuid: string | null;
  ref: string;
  version: number;
  deleted: boolean;
  deletionMark: boolean;
}

export interface DayScenario {
  seed: number;
  protocol: Protocol;
  size: ScenarioSize;
  day: string;
  deliveries: PlannedDelivery[];
  /** Every object the receiver ends up holding, as the model expects it. */
  objects: ExpectedObject[];
}

export interface DayScenarioOptions {
  seed: number;
  protocol: Protocol;
  size?: ScenarioSize;
  /** "YYYY-MM-DD"; a fixed default keeps a seed's bytes identical from run to run. */
  day?: string;
}
