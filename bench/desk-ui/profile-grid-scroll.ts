// A CPU profile of the ticket grid while it scrolls, without the Desk or a server: the component
// harness's grid (10,000 rows from a stand-in `window.kontor`) scrolled 45 px a frame for 5 s in
// headless Chromium, with the frames over 25 ms and the functions that took the most time.
// Run: NODE_ENV=production npx tsx bench/desk-ui/profile-grid-scroll.ts (React as shipped; under
// vitest the harness is built for development, which is several times slower). Names are minified.
// Not part of `npm run bench`.
import { startComponentHarness } from '../../test/components/support/harness-page.js';

const harness = await startComponentHarness();
try {
  const page = await harness.mount('ticket-grid', { viewport: { width: 1680, height: 1000 } });
  await page.locator('tbody tr[data-ticket-id]').first().waitFor();
  await page.waitForTimeout(1000);
  // tsx names the functions it compiles with a helper the page does not have.
  await page.evaluate('globalThis.__name = (fn) => fn');
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  const frames = await page.evaluate(
    () =>
      new Promise<number[]>((resolve) => {
        const scroller = document.querySelector('.list-scroll') as HTMLElement;
        const intervals: number[] = [];
        let last = performance.now();
        const started = last;
        const step = (now: number) => {
          intervals.push(now - last);
          last = now;
          scroller.scrollTop += 45;
          if (now - started < 5000) requestAnimationFrame(step);
          else resolve(intervals);
        };
        requestAnimationFrame(step);
      }),
  );
  const { profile } = (await cdp.send('Profiler.stop')) as { profile: { nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number }[]; samples: number[]; timeDeltas: number[] } };
  const dropped = frames.filter((f) => f > 25).length;
  console.log(`frames ${frames.length}, >25ms ${dropped} (${((dropped / frames.length) * 100).toFixed(1)} %), longest ${Math.max(...frames).toFixed(1)}`);
  const self = new Map<string, number>();
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  profile.samples.forEach((id, i) => {
    const node = byId.get(id);
    if (!node) return;
    const key = `${node.callFrame.functionName || '(anon)'} ${node.callFrame.url.split('/').pop() ?? ''}:${String(node.callFrame.lineNumber)}`;
    self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  console.log(`total sampled ${total.toFixed(0)} ms`);
  for (const [key, ms] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log(`${ms.toFixed(1).padStart(8)} ms  ${key}`);
} finally {
  await harness.close();
}
