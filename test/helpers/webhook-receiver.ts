import http from 'node:http';

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  /** When the request arrived and when it was answered (ms, performance.now()). */
  startedAt: number;
  answeredAt?: number;
  status?: number;
}

export type Answer = { status: number; body?: string; headers?: Record<string, string>; delayMs?: number } | 'hang';

/**
 * A real HTTP server on 127.0.0.1 standing in for the ERP: it records every request
 * (bytes as received) and answers what `respond` says — a status, after a delay, or never.
 */
export class WebhookReceiver {
  readonly requests: ReceivedRequest[] = [];
  respond: (request: ReceivedRequest, index: number) => Answer = () => ({ status: 200 });
  private readonly server = http.createServer((req, res) => void this.handle(req, res));
  private readonly hung = new Set<http.ServerResponse>();
  inFlight = 0;
  maxInFlight = 0;
  private waiters: Array<() => void> = [];
  url = '';

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    const address = this.server.address();
    this.url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    return this;
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const request: ReceivedRequest = {
      method: req.method ?? '',
      path: req.url ?? '',
      headers: req.headers,
      body: Buffer.concat(chunks),
      startedAt: performance.now(),
    };
    const index = this.requests.push(request) - 1;
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    // In flight until answered, or until the sender gives up (its deadline) and closes.
    let open = true;
    const settle = () => {
      if (open) this.inFlight--;
      open = false;
    };
    res.once('close', settle);
    const answer = this.respond(request, index);
    if (answer === 'hang') {
      this.hung.add(res);
      res.once('close', () => this.hung.delete(res));
      this.notify();
      return;
    }
    if (answer.delayMs) await new Promise((r) => setTimeout(r, answer.delayMs));
    if (!open) return;
    request.status = answer.status;
    request.answeredAt = performance.now();
    settle();
    res.writeHead(answer.status, { 'content-type': 'text/plain', ...answer.headers });
    res.end(answer.body ?? '');
    this.notify();
  }

  private notify(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  /** Resolves once `predicate` holds (checked after every request), or rejects after `timeoutMs`. */
  async waitFor(predicate: (requests: ReceivedRequest[]) => boolean, timeoutMs = 15_000, what = 'the expected requests'): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(this.requests)) {
      if (Date.now() > deadline)
        throw new Error(
          `timed out waiting for ${what}; got ${this.requests.length} requests: ${this.requests.map((r) => `${r.path} ${r.status ?? '…'}`).join(', ')}`,
        );
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 100);
      });
    }
  }

  async close(): Promise<void> {
    for (const res of this.hung) res.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
