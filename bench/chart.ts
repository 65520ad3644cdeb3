/**
 * Throughput vs connections as a self-contained SVG (no chart library: a log2 x axis,
 * one polyline per target), and a PNG of it when playwright-core finds a Chromium.
 */
import fs from 'node:fs';

export interface Series {
  name: string;
  points: { connections: number; rps: number }[];
}

const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd'];
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function throughputSvg(series: Series[], title: string, subtitle: string): string {
  const W = 760,
    H = 460,
    L = 80,
    R = 30,
    T = 84,
    B = 60;
  const xs = [...new Set(series.flatMap((s) => s.points.map((p) => p.connections)))].sort((a, b) => a - b);
  const maxY = Math.max(1, ...series.flatMap((s) => s.points.map((p) => p.rps)));
  const step = niceStep(maxY / 5);
  const top = Math.ceil(maxY / step) * step;
  const lx = (c: number) => Math.log2(c);
  const [x0, x1] = [lx(xs[0] ?? 1), lx(xs[xs.length - 1] ?? 64)];
  const px = (c: number) => L + ((lx(c) - x0) / Math.max(1e-9, x1 - x0)) * (W - L - R);
  const py = (v: number) => H - B - (v / top) * (H - T - B);
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`);
  out.push(`<rect width="${W}" height="${H}" fill="#fff"/>`);
  out.push(`<text x="${L}" y="24" font-size="16" font-weight="bold">${esc(title)}</text>`);
  out.push(`<text x="${L}" y="42" fill="#555">${esc(subtitle)}</text>`);
  for (let v = 0; v <= top + 1e-9; v += step) {
    out.push(`<line x1="${L}" x2="${W - R}" y1="${py(v)}" y2="${py(v)}" stroke="#e5e5e5"/>`);
    out.push(`<text x="${L - 8}" y="${py(v) + 4}" text-anchor="end">${Math.round(v).toLocaleString('en')}</text>`);
  }
  for (const c of xs) {
    out.push(`<line x1="${px(c)}" x2="${px(c)}" y1="${T}" y2="${H - B}" stroke="#f0f0f0"/>`);
    out.push(`<text x="${px(c)}" y="${H - B + 18}" text-anchor="middle">${c}</text>`);
  }
  out.push(`<line x1="${L}" x2="${W - R}" y1="${H - B}" y2="${H - B}" stroke="#333"/><line x1="${L}" x2="${L}" y1="${T}" y2="${H - B}" stroke="#333"/>`);
  out.push(`<text x="${(L + W - R) / 2}" y="${H - 16}" text-anchor="middle">connections</text>`);
  out.push(`<text transform="translate(20 ${(T + H - B) / 2}) rotate(-90)" text-anchor="middle">requests/s</text>`);
  series.forEach((s, i) => {
    const color = COLORS[i % COLORS.length];
    const pts = [...s.points].sort((a, b) => a.connections - b.connections);
    out.push(
      `<polyline fill="none" stroke="${color}" stroke-width="2.5" points="${pts.map((p) => `${px(p.connections).toFixed(1)},${py(p.rps).toFixed(1)}`).join(' ')}"/>`,
    );
    for (const p of pts)
      out.push(
        `<circle cx="${px(p.connections).toFixed(1)}" cy="${py(p.rps).toFixed(1)}" r="3.5" fill="${color}"><title>${esc(s.name)}: ${Math.round(p.rps)} req/s at ${p.connections}</title></circle>`,
      );
    // Legend: one row under the subtitle, entries side by side.
    const x = L + i * 300;
    out.push(`<line x1="${x}" x2="${x + 24}" y1="62" y2="62" stroke="${color}" stroke-width="2.5"/><text x="${x + 30}" y="66">${esc(s.name)}</text>`);
  });
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}

function niceStep(raw: number): number {
  const p = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= raw) return m * p;
  return 10 * p;
}

export function writeChart(svgPath: string, svg: string): void {
  fs.writeFileSync(svgPath, svg);
}

/** Renders the SVG to PNG with Debian's Chromium when it is installed; null when not. */
export async function renderPng(svg: string, pngPath: string, chromium = '/usr/bin/chromium'): Promise<string | null> {
  if (!fs.existsSync(chromium)) return `no PNG: ${chromium} is not installed`;
  try {
    const { chromium: launcher } = await import('playwright-core');
    const browser = await launcher.launch({ executablePath: chromium, args: ['--no-sandbox', '--disable-background-networking'] });
    try {
      const page = await browser.newPage({ viewport: { width: 760, height: 460 } });
      await page.setContent(`<html><body style="margin:0">${svg}</body></html>`);
      await page.screenshot({ path: pngPath, clip: { x: 0, y: 0, width: 760, height: 460 } });
    } finally {
      await browser.close();
    }
    return null;
  } catch (error) {
    return `no PNG: ${(error as Error).message.split('\n')[0]}`;
  }
}
