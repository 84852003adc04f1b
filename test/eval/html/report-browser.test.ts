import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderReport } from '../../../src/eval/html/render-report.js';
import { hostileResult } from './fixture.js';

// Debian's Chromium, installed by .ci/run; a browser is never downloaded.
const CHROMIUM = '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const CHARTS = ['roc', 'roc-log', 'histogram', 'confusion', 'stage-catches', 'latency'];

describe('the HTML report in a real browser', () => {
  let browser: Browser;
  const dir = mkdtempSync(join(tmpdir(), 'promptsieve-report-'));
  const file = join(dir, 'report.html');

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install chromium (see .ci/run)`);
    writeFileSync(file, renderReport(await hostileResult(), { generatedAt: new Date() }));
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('renders every chart, fetches nothing but the file, runs no script, and logs no error', async ({ annotate }) => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const requests: string[] = [];
    const problems: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') problems.push(`${message.type()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });

    const charts = await page.$$eval('svg[data-chart]', (svgs) =>
      svgs.map((svg) => {
        const box = svg.getBoundingClientRect();
        const shapes = [...svg.querySelectorAll('rect, polyline, circle, line')].filter((shape) => {
          const size = (shape as SVGGraphicsElement).getBBox();
          return size.width > 0 || size.height > 0;
        });
        return { name: svg.getAttribute('data-chart'), width: box.width, height: box.height, shapes: shapes.length };
      }),
    );
    expect(charts.map((chart) => chart.name)).toEqual(CHARTS);
    for (const chart of charts) {
      expect(chart.width, chart.name!).toBeGreaterThan(100);
      expect(chart.height, chart.name!).toBeGreaterThan(100);
      expect(chart.shapes, chart.name!).toBeGreaterThan(3);
    }
    // The hostile record text is shown as text, never run or fetched.
    expect(await page.locator('table[data-table="false-alarms"]').innerText()).toContain('<script>window.__pwned = 1</script>');
    expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(requests).toEqual([pathToFileURL(file).href]);
    expect(problems).toEqual([]);

    const screenshot = join(dir, 'report.png');
    await page.screenshot({ path: screenshot, fullPage: true });
    await annotate(`screenshot: ${screenshot}`);
    console.log(`HTML report screenshot: ${screenshot}`);
    await page.close();
  });
});
