/**
 * The autocannon driver: one run against one target, per-request bodies through
 * `setupRequest`, and every acknowledged answer recorded through `onResponse`, so the
 * correctness check can compare what was acknowledged with what the database holds.
 */
import autocannon from 'autocannon';

export interface LoadRequest {
  method: 'GET' | 'POST';
  /** Called per request: the path and body to send (a fresh document, a random id…). */
  next(): { path: string; body?: Buffer; tag?: string };
  headers: Record<string, string>;
}

export interface LoadOptions {
  baseUrl: string;
  connections: number;
  /** Seconds; or `amount` requests in total (then every request sent is answered or errors). */
  duration?: number;
  amount?: number;
  request: LoadRequest;
  /** Collect the `id` of every 2xx JSON answer (and the request's tag). */
  collectAcks?: boolean;
}

export interface LoadResult {
  rps: number;
  p50: number;
  p99: number;
  /** non-2xx answers + socket errors + timeouts. */
  errors: number;
  non2xx: number;
  socketErrors: number;
  ok: number;
  total: number;
  durationSeconds: number;
  /** Tags (document numbers) and ids acknowledged with 2xx, when collectAcks. */
  ackedTags: string[];
  ackedIds: string[];
  /** A few non-2xx bodies, for the report. */
  sampleErrors: string[];
  /**
   * CPU the load generator itself (this process) spent per request, µs. It shares the two
   * cores with the server, so this is CPU the server did not get.
   */
  generatorCpuUs: number;
}

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const ackedTags: string[] = [];
  const ackedIds: string[] = [];
  const sampleErrors: string[] = [];
  const { request } = options;
  const cpuBefore = process.cpuUsage();
  const result = await autocannon({
    url: options.baseUrl,
    connections: options.connections,
    ...(options.amount !== undefined ? { amount: options.amount } : { duration: options.duration ?? 8 }),
    timeout: 30,
    requests: [
      {
        method: request.method,
        headers: request.headers,
        setupRequest(req, context) {
          const { path, body, tag } = request.next();
          context.tag = tag;
          return body ? { ...req, path, body } : { ...req, path };
        },
        onResponse(status, body, context) {
          if (status >= 200 && status < 300) {
            if (options.collectAcks) {
              if (typeof context.tag === 'string') ackedTags.push(context.tag);
              try {
                const id = (JSON.parse(body) as { id?: unknown }).id;
                if (typeof id === 'string') ackedIds.push(id);
              } catch {
                // not JSON: nothing to record
              }
            }
          } else if (sampleErrors.length < 5) {
            sampleErrors.push(`${status} ${body.slice(0, 200)}`);
          }
        },
      },
    ],
  });
  const socketErrors = result.errors + result.timeouts;
  const cpu = process.cpuUsage(cpuBefore);
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.non2xx + socketErrors,
    non2xx: result.non2xx,
    socketErrors,
    ok: result['2xx'],
    total: result.requests.total,
    durationSeconds: result.duration,
    ackedTags,
    ackedIds,
    sampleErrors,
    generatorCpuUs: result.requests.total > 0 ? (cpu.user + cpu.system) / result.requests.total : NaN,
  };
}
