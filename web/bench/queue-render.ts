// `npm run bench -w web`: how long the agent console takes to show a queue once the API has
// answered. A real server (`actionconnect start`) on an organization of 10,000 open tickets, the
// built web app, Debian's Chromium. Not a test: the figures depend on the machine.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AGENT, freePort, launchBrowser, signIn, skipReason, startServer } from '../e2e/harness.ts';
import { seedQueue } from './seed-queue.ts';

const TICKETS = Number(process.env.BENCH_QUEUE_TICKETS ?? 10_000);
const RUNS = Number(process.env.BENCH_QUEUE_RUNS ?? 20);
const WARM_UP = 2;
const TARGET_MS = 200;
const QUEUE = '/queues/open';
const PAGE_SIZE = 50;

type Sample = { commitMs: number; frameMs: number };

// Runs in the page before the app: notes when the queue's rows are in the DOM, and the next frame.
const observeRows = (pageSize: number) => {
  const marks = new Promise<{ commitAt: number; frameAt: number }>((resolve) => {
    const observer = new MutationObserver(() => {
      if (document.querySelectorAll('table tbody tr').length < pageSize) return;
      observer.disconnect();
      const commitAt = performance.now();
      requestAnimationFrame(() => resolve({ commitAt, frameAt: performance.now() }));
    });
    observer.observe(document, { childList: true, subtree: true });
  });
  (window as unknown as { queueRendered: typeof marks }).queueRendered = marks;
};

// The queue's own request, timed by the browser (Resource Timing): its last byte arrived at responseEnd.
const measure = async (): Promise<Sample> => {
  const { commitAt, frameAt } = await (
    window as unknown as {
      queueRendered: Promise<{ commitAt: number; frameAt: number }>;
    }
  ).queueRendered;
  const response = performance
    .getEntriesByType('resource')
    .find((entry) => entry.name.includes('/api/v1/tickets?')) as PerformanceResourceTiming | undefined;
  if (!response) throw new Error('the queue request was not seen');
  return { commitMs: commitAt - response.responseEnd, frameMs: frameAt - response.responseEnd };
};

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
};

async function main() {
  const skip = skipReason();
  if (skip) throw new Error(skip);
  const port = await freePort();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'actionconnect-bench-'));
  const seeding = performance.now();
  await seedQueue({
    dataDir,
    publicUrl: `http://127.0.0.1:${port}`,
    tickets: TICKETS,
    contacts: TICKETS / 4,
  });
  console.log(`Seeded ${TICKETS} open tickets in ${((performance.now() - seeding) / 1000).toFixed(1)} s`);

  const server = await startServer({ dataDir, port });
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
    await signIn(page, server.url, AGENT);
    await page.addInitScript(observeRows, PAGE_SIZE);
    const samples: Sample[] = [];
    for (let run = 0; run < WARM_UP + RUNS; run++) {
      await page.goto(`${server.url}${QUEUE}`);
      const sample = await page.evaluate(measure);
      if (run >= WARM_UP) samples.push(sample);
    }
    report(samples, await browser.version());
  } finally {
    await browser.close();
    await server.stop();
  }
}

function report(samples: Sample[], chromium: string) {
  const line = (label: string, values: number[]) =>
    `${label.padEnd(34)} p50 ${percentile(values, 50).toFixed(1).padStart(6)} ms   p99 ${percentile(values, 99).toFixed(1).padStart(6)} ms   max ${Math.max(
      ...values,
    )
      .toFixed(1)
      .padStart(6)} ms`;
  const commit = samples.map((sample) => sample.commitMs);
  const frame = samples.map((sample) => sample.frameMs);
  console.log(
    `\nQueue render: ${QUEUE}, ${PAGE_SIZE} rows of ${TICKETS} open tickets, ${samples.length} runs`,
  );
  console.log(
    `Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}, Chromium ${chromium}`,
  );
  console.log(line('response → rows in the DOM', commit));
  console.log(line('response → next frame', frame));
  const verdict = percentile(frame, 99) < TARGET_MS ? 'within' : 'OVER';
  console.log(`Target: under ${TARGET_MS} ms at p99 (response → next frame): ${verdict}`);
}

await main();
