import type { CleanCounts } from './counts.js';

export type ProgressSource = () => { done: number; total?: number; unit: 'bytes' | 'rows' };

export type ProgressOptions = {
  counts: CleanCounts;
  /** Records counted before this run started (a resumed run), left out of the rate. */
  recordsBefore: number;
  input: ProgressSource;
  started: number;
  /** `bar`: one redrawn line on a terminal; `lines`: a plain line every `everyMs`; `off`. */
  style: 'bar' | 'lines' | 'off';
  everyMs: number;
  write: (text: string) => void;
};

/** Starts drawing progress; the returned function stops it (and clears the bar). */
export function startProgress(options: ProgressOptions): () => void {
  if (options.style === 'off') return () => undefined;
  const first = options.input();
  const startFraction = first.total ? first.done / first.total : 0;

  const status = () => {
    const seconds = Math.max((performance.now() - options.started) / 1000, 1e-3);
    const rate = Math.max(options.counts.records - options.recordsBefore, 0) / seconds;
    const input = options.input();
    const fraction = input.total ? Math.min(input.done / input.total, 1) : undefined;
    const eta = fraction !== undefined && fraction > startFraction ? (seconds * (1 - fraction)) / (fraction - startFraction) : undefined;
    return { records: options.counts.records, rate, fraction, eta };
  };

  if (options.style === 'bar') {
    const draw = () => {
      const { records, rate, fraction, eta } = status();
      let line = `${count(records)} records (${count(rate)}/s)`;
      if (fraction !== undefined) line += ` ${bar(fraction, 24)} ${(fraction * 100).toFixed(0)}%`;
      if (eta !== undefined) line += ` ETA ${duration(eta)}`;
      options.write(`\r\x1b[K${line}`);
    };
    draw(); // at once, so a slow first record or an idle stdin shows that the run has started
    const timer = setInterval(draw, 250);
    timer.unref();
    return () => {
      clearInterval(timer);
      options.write('\r\x1b[K');
    };
  }

  const timer = setInterval(() => {
    const { records, rate, fraction, eta } = status();
    let line = `promptsieve clean: ${count(records)} records (${count(rate)}/s)`;
    if (fraction !== undefined) line += `, ${(fraction * 100).toFixed(1)}% of the input`;
    if (eta !== undefined) line += `, ETA ${duration(eta)}`;
    options.write(`${line}\n`);
  }, options.everyMs);
  timer.unref();
  return () => clearInterval(timer);
}

function bar(fraction: number, width: number): string {
  const full = Math.round(fraction * width);
  return `[${'#'.repeat(full)}${'-'.repeat(width - full)}]`;
}

export const count = (value: number) => Math.round(value).toLocaleString('en-US');

export function duration(seconds: number): string {
  const total = Math.round(seconds);
  if (total < 60) return `${total}s`;
  const minutes = Math.floor(total / 60);
  if (minutes < 60) return `${minutes}m${String(total % 60).padStart(2, '0')}s`;
  return `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m`;
}
