import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { preview, type PreviewServer } from 'vite';

/**
 * Browser-test harness: `vite preview` of dist/ on a free port and Debian's Chromium through
 * playwright-core (no browser download). CHROMIUM_PATH overrides the binary on other machines.
 */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
];

/** Console noise that is not ours (see toolchain.md). */
const EXPECTED_NOISE = [/THREE\.Clock/, /GPU stall due to ReadPixels/, /WebGL.*(performance|warning)/i, /Automatic fallback to software WebGL/];

export interface Harness {
  url: string;
  browser: Browser;
  server: PreviewServer;
  errors: string[];
  newPage(opts?: { width?: number; height?: number }): Promise<{ page: Page; context: BrowserContext }>;
  close(): Promise<void>;
}

export async function startHarness(): Promise<Harness> {
  const server = await preview({ preview: { port: 0, host: '127.0.0.1', strictPort: false }, logLevel: 'silent' });
  const url = server.resolvedUrls!.local[0];
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  const errors: string[] = [];
  return {
    url,
    browser,
    server,
    errors,
    async newPage(opts = {}) {
      const context = await browser.newContext({ viewport: { width: opts.width ?? 1200, height: opts.height ?? 760 }, acceptDownloads: true });
      const page = await context.newPage();
      page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
      page.on('console', (m) => {
        if (m.type() === 'error' && !EXPECTED_NOISE.some((r) => r.test(m.text()))) errors.push(`console: ${m.text()}`);
      });
      return { page, context };
    },
    async close() {
      await browser.close();
      await new Promise<void>((r) => server.httpServer.close(() => r()));
    },
  };
}

/** Wait until the app has opened its first document and the analysis has reported once. */
export async function waitReady(page: Page): Promise<void> {
  await page.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
}

/** Distinct colours in a downsampled copy of the WebGL canvas: a blank canvas has one or two. */
export async function canvasColourCount(page: Page): Promise<number> {
  return page.evaluate(() => {
    const c = document.querySelector('canvas') as HTMLCanvasElement;
    const small = document.createElement('canvas');
    small.width = 64;
    small.height = 40;
    const ctx = small.getContext('2d')!;
    ctx.drawImage(c, 0, 0, 64, 40);
    const d = ctx.getImageData(0, 0, 64, 40).data;
    const set = new Set<number>();
    for (let i = 0; i < d.length; i += 4) set.add(((d[i] >> 3) << 10) | ((d[i + 1] >> 3) << 5) | (d[i + 2] >> 3));
    return set.size;
  });
}
