import { describe, expect, it } from 'vitest';
import { renderReport } from '../../../src/eval/html/render-report.js';
import { hostileResult } from './fixture.js';

const result = await hostileResult();
const page = renderReport(result, { config: 'conf<ig>.json', generatedAt: new Date('2025-01-02T03:04:05Z') });

describe('renderReport', () => {
  it('escapes every piece of data: texts, categories, sources, stage and file names', () => {
    expect(page).not.toContain('<script');
    expect(page).not.toContain('<img');
    expect(page).not.toContain('<b ');
    expect(page).not.toContain('<svg onload');
    expect(page).not.toContain('<x>');
    expect(page).not.toContain('<i>');
    expect(page).toContain('&lt;script&gt;window.__pwned = 1&lt;/script&gt;');
    expect(page).toContain('&lt;b onmouseover=&quot;window.__pwned=3&quot;&gt;cat&lt;/b&gt;');
    expect(page).toContain('stage&quot;&gt;&lt;svg onload=alert(1)&gt;');
    expect(page).toContain('conf&lt;ig&gt;.json');
  });

  it('is self-contained: no scripts, no external resources, and a policy that forbids fetching any', () => {
    expect(page).toMatch(/<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">/);
    expect(page).not.toMatch(/<(?:link|iframe|object|embed)\b/i);
    expect(page).not.toMatch(/\b(?:src|href)\s*=\s*["']?(?:https?:)?\/\//i);
    expect(page).not.toMatch(/@import|@font-face|url\(/i);
  });

  it('draws every chart and fills every table', () => {
    for (const chart of ['roc', 'roc-log', 'histogram', 'confusion', 'stage-catches', 'latency']) {
      expect(page).toContain(`data-chart="${chart}"`);
    }
    for (const table of ['stages', 'by-category', 'by-source', 'worst-misses', 'false-alarms']) {
      expect(page).toMatch(new RegExp(`<table data-table="${table}">`));
    }
    expect(page).toMatch(/<polyline class="curve" points="[\d., ]+"\/>/);
  });

  it('shows the headline numbers of the result', () => {
    expect(page).toContain(`<div class="label">ROC AUC</div><div class="value">${result.roc.auc!.toFixed(4)}</div>`);
    expect(page).toContain(`<div class="label">TPR</div><div class="value">${(result.metrics.tpr! * 100).toFixed(2)}%</div>`);
    expect(page).toContain('gate min-tpr ≥ 90.00%');
    expect(page).toContain('Suggested threshold for FPR ≤ 5.00%');
  });

  it('renders a result without records or stages without failing', async () => {
    const empty = { ...result, counts: { ...result.counts, scored: 0, injection: 0, benign: 0 }, roc: { auc: null, points: [], atFpr: [] }, stageStats: [], worstMisses: [], falseAlarms: [] };
    const html = renderReport({ ...empty, histogram: { ...result.histogram, injection: result.histogram.injection.map(() => 0), benign: result.histogram.benign.map(() => 0) } }, { generatedAt: new Date() });
    expect(html).toContain('needs injection and benign records');
    expect(html).toContain('no stages');
    expect(html).toContain('No injection was missed.');
  });
});
