import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { keepTemporaryDirectory } from '../../server/support/temporary.js';
import { pinBrowserHost } from '../../harness/browser-host-build.js';
import { SeededRandom } from '../../harness/seeded-random.js';
import { DeskAgent } from './support/desk-agent.js';
import { FaultRun } from './support/fault-run.js';
import { faultProfile, longRunWeights, shortRunFaults } from './support/profile.js';
import { ServerUnderTest } from './support/server-under-test.js';

const profile = faultProfile();

// Two Kontor Desk processes (two agents sharing the settlement queues) against Kontor Server in
// a process of its own, through a proxy that cuts connections: random edits at the Desks, while
// the server is stopped and killed, the Desks are killed with kill -9, and connections are cut
// at random byte offsets. No fault hook is in the product. docs/testing-faults.md tells how to
// replay a seed.
describe(`Desk sync under faults (${profile.name} run)`, () => {
  let server: ServerUnderTest | undefined;
  const agents: DeskAgent[] = [];
  const random = new SeededRandom(profile.seed);
  let bundle: ReturnType<typeof pinBrowserHost> | undefined;

  beforeAll(async () => {
    bundle = pinBrowserHost();
    server = await ServerUnderTest.start('kontor-sync-faults-');
    console.info(
      `sync faults: seed ${String(profile.seed)}, ${String(profile.cycles)} cycles (replay: KONTOR_FAULT_SEED=${String(profile.seed)} KONTOR_FAULT_CYCLES=${String(profile.cycles)}); ` +
        `logs and actions.log in ${server.runDir}`,
    );
    const where = { runDir: server.runDir, serverUrl: server.url, entry: bundle.entry };
    agents.push(
      DeskAgent.create({ name: 'desk-lweber', username: 'lweber', queues: ['Wertpapiere', 'Wertpapiere::Abwicklung'], moveTargets: ['Wertpapiere', 'Wertpapiere::Abwicklung'] }, where, random),
      // ServiceLine named twice: mmueller works there mostly, and moves tickets on into settlement (never out of it,
      // so that lweber never loses a ticket with edits waiting; docs/testing-faults.md says why).
      DeskAgent.create(
        { name: 'desk-mmueller', username: 'mmueller', queues: ['ServiceLine', 'ServiceLine', 'Wertpapiere'], moveTargets: ['Wertpapiere', 'Wertpapiere::Abwicklung'] },
        where,
        random,
      ),
    );
  });

  afterAll(async () => {
    for (const agent of agents) await agent.kill();
    await server?.close();
    bundle?.release();
  });

  it(
    'keeps every acknowledged edit exactly once and brings every cache to what a fresh bootstrap holds',
    async () => {
      if (!server) throw new Error('the server did not start');
      const { runDir } = server;
      onTestFailed(() => {
        keepTemporaryDirectory(runDir);
        console.info(`sync faults failed: the logs and actions.log stay in ${runDir}`);
      });
      const run = new FaultRun(server, agents, random, profile.settleChance);
      const started = performance.now();
      await run.begin();
      const faults = profile.name === 'short' ? random.shuffle(shortRunFaults(profile.cycles)) : Array.from({ length: profile.cycles }, () => random.weightedKey(longRunWeights));
      for (const fault of faults) await run.cycle(fault);
      await run.faultsOff();
      await run.quiet(60_000);
      const verified = await run.verify();

      for (const ledger of verified.ledgers) expect(ledger.problems, ledger.name).toEqual([]);
      expect(verified.effects).toEqual([]);
      for (const cache of verified.caches) expect(cache.cache, `${cache.name}: its cache against a fresh bootstrap`).toEqual(cache.fresh);
      const edits = verified.ledgers.map((l) => `${l.name}: ${String(l.applied)} applied, ${String(l.shownRefused)} refused and shown, ${String(l.resolved)} resolved, ${String(l.heldBack)} held back`);
      console.info(
        `sync faults: seed ${String(profile.seed)}, ${String(run.stats.cycles)} cycles in ${((performance.now() - started) / 1000).toFixed(1)} s; ` +
          `faults ${JSON.stringify(run.stats.faults)}; cuts fired ${String(run.stats.cutsFired)} (unused ${String(run.stats.cutsUnused)}); ` +
          `Desk kills while the server was down ${String(run.stats.deskKillsWhileServerDown)}; server starts ${String(server.startCount)}; ` +
          `offline sign-ins ${String(agents.reduce((sum, a) => sum + a.signIns.offline, 0))}; proxy ${JSON.stringify(server.proxy.stats)}; ` +
          `${edits.join('; ')}; caches ${JSON.stringify(verified.caches.map((c) => ({ [c.name]: c.counts })))}`,
      );
    },
    profile.timeoutMs,
  );
});
