/**
 * Delivery throughput (`BENCH_ONLY=deliveries`): the service pushes N already-ingested
 * unique invoices to a local receiver that answers 204 at once. The subscription is
 * disabled while they are ingested and enabled when the clock starts, so the figure is
 * the delivery path alone — dispatch (feed → outbox), claim, sign, POST, record —
 * not ingest. rps = deliveries per second; p50/p99 = the attempts' own latency (ms);
 * CPU = the service's (and PostgreSQL's) CPU per delivery. The check: every change
 * delivered, acknowledged once, none twice.
 *
 * Env: BENCH_DELIVERY_COUNT (2000), BENCH_DELIVERY_CONCURRENCY (16, per subscription).
 */
import http from 'node:http';
import { INVOICES_PATH, UniqueInvoiceStream, WEBHOOK_HEADERS } from './scenarios.js';

export interface DeliveryTarget {
  baseUrl: string;
  serverCpuUs(): number;
  peakRssMb(): number;
}

export interface DeliveryFigures {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  peakRssMb: number;
  serverCpuUs: number;
  sampleErrors: string[];
  check: { pass: boolean; detail: string };
}

const COUNT = Number(process.env.BENCH_DELIVERY_COUNT ?? 2000);
const CONCURRENCY = Number(process.env.BENCH_DELIVERY_CONCURRENCY ?? 16);

const percentile = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))]! : NaN);

export async function deliveryRun(t: DeliveryTarget, adminToken: string, round: number): Promise<DeliveryFigures> {
  const acknowledged = new Map<string, number>();
  let done: () => void = () => {};
  const all = new Promise<void>((resolve) => (done = resolve));
  const receiver = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const id = String(req.headers['webhook-id']);
      acknowledged.set(id, (acknowledged.get(id) ?? 0) + 1);
      res.writeHead(204).end();
      if (acknowledged.size === COUNT) done();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const address = receiver.address();
  const receiverUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/hooks`;
  const admin = { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' };
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(t.baseUrl + path, { method, headers: admin, body: body === undefined ? undefined : JSON.stringify(body) });
    const json = (await res.json()) as any;
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  };
  try {
    const { subscription } = await call('POST', '/api/v1/subscriptions', { url: receiverUrl, concurrency: CONCURRENCY });
    await call('POST', `/api/v1/subscriptions/${subscription.id}/disable`, {});
    const stream = new UniqueInvoiceStream(`D${round}`, 20);
    const changeIds = new Set<string>();
    let next = 0;
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (next < COUNT) {
          next++;
          const res = await fetch(t.baseUrl + INVOICES_PATH, { method: 'POST', headers: WEBHOOK_HEADERS, body: stream.next().body });
          const json = (await res.json()) as { eventId: string };
          if (res.status !== 200) throw new Error(`ingest answered ${res.status}`);
          changeIds.add(json.eventId);
        }
      }),
    );
    const cpuBefore = t.serverCpuUs();
    const started = performance.now();
    await call('POST', `/api/v1/subscriptions/${subscription.id}/enable`, {});
    const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 600_000).unref());
    const finished = await Promise.race([all.then(() => 'ok' as const), timeout]);
    const seconds = (performance.now() - started) / 1000;
    const serverCpuUs = (t.serverCpuUs() - cpuBefore) / Math.max(1, acknowledged.size);
    const attempts = (await call('GET', `/api/v1/subscriptions/${subscription.id}/attempts?limit=500`)).items as Array<{ latencyMs: number; outcome: string }>;
    const latencies = attempts.map((a) => a.latencyMs).sort((a, b) => a - b);
    const twice = [...acknowledged.values()].filter((n) => n > 1).length;
    const missing = [...changeIds].filter((id) => !acknowledged.has(id)).length;
    const foreign = [...acknowledged.keys()].filter((id) => !changeIds.has(id)).length;
    const pass = finished === 'ok' && missing === 0 && foreign === 0 && twice === 0;
    return {
      rps: acknowledged.size / seconds,
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      errors: attempts.filter((a) => a.outcome !== 'ok').length,
      peakRssMb: t.peakRssMb(),
      serverCpuUs,
      sampleErrors: [],
      check: {
        pass,
        detail: `${acknowledged.size}/${COUNT} delivered in ${seconds.toFixed(1)} s, ${missing} missing, ${twice} twice, ${foreign} unknown${finished === 'timeout' ? ', TIMED OUT' : ''}`,
      },
    };
  } finally {
    receiver.closeAllConnections();
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
  }
}
