/**
 * The value of one series of the exposition text. A series that is not there throws: a
 * metric renamed, relabelled or gone must fail the test, not read as 0. Where a series may
 * rightly be absent yet — a labelled counter before its first increment — the caller says
 * what that means with `absent` (usually 0).
 */
export function metricValue(text: string, name: string, labels: Record<string, string> = {}, options: { absent?: number } = {}): number {
  const seen: string[] = [];
  for (const line of text.split('\n')) {
    if (line.startsWith('#') || !line.startsWith(name)) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    seen.push(line);
    const present = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.entries(labels).every(([k, v]) => present[k] === v)) return Number(match[3]);
  }
  if (options.absent !== undefined) return options.absent;
  const wanted = `${name}{${Object.entries(labels)
    .map(([k, v]) => `${k}="${v}"`)
    .join(',')}}`;
  throw new Error(`no series ${wanted} in the metrics${seen.length ? `; of ${name} there are:\n${seen.join('\n')}` : `, nor any of ${name}`}`);
}
