/** What crosses between the reader pool and a reader process, apart from the read requests themselves. */

/** A read's answer from a reader process. */
export type ReaderReply = { ok: true; value: unknown } | { ok: false; message: string; code?: string };

/** Sent to a reader when the statistics changed: it reopens its connection before its next read, so its plans see them. */
export const RELOAD_STATISTICS = { reloadStatistics: true } as const;
