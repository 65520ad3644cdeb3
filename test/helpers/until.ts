/**
 * Polls `check` until it holds. Past `timeoutMs` it throws, naming what it waited for: a
 * regression fails the run instead of hanging it.
 */
export async function until(what: string, check: () => boolean | Promise<boolean>, options: { timeoutMs?: number; everyMs?: number } = {}): Promise<void> {
  const timeoutMs = options.timeoutMs ?? 15_000;
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting until ${what}`);
    await new Promise((r) => setTimeout(r, options.everyMs ?? 20));
  }
}
