import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import PgBoss from 'pg-boss';
import { sql } from 'kysely';
import { enqueueJob, enqueueJobs, registerJobHandler } from '../src/jobs/index.js';
import { bossDb } from '../src/jobs/jobs.repository.js';
import { startTestServer, type TestServer } from './support/harness.js';

// Handlers of this file only: what each job was asked to do, in the order it ran.
const seen: { name: string; data: unknown; retryCount: number }[] = [];
let failuresLeft = 0;
registerJobHandler('test.record', async (_ctx, data, job) => {
  seen.push({ name: 'test.record', data, retryCount: job.retryCount });
});
registerJobHandler('test.flaky', async (_ctx, data, job) => {
  seen.push({ name: 'test.flaky', data, retryCount: job.retryCount });
  if (failuresLeft-- > 0) throw new Error('flaky');
});

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => server.close());

const ofRun = (run: string) => seen.filter((s) => (s.data as { run?: string }).run === run);

describe('job queue and transactional outbox', () => {
  it('runs a job written in a transaction only if that transaction commits', async () => {
    await expect(
      server.ctx.db.transaction().execute(async (trx) => {
        await enqueueJob(server.ctx, trx, 'test.record', { run: 'rolled-back' });
        throw new Error('the business change failed');
      }),
    ).rejects.toThrow('the business change failed');
    await server.ctx.db.transaction().execute(async (trx) => {
      await enqueueJob(server.ctx, trx, 'test.record', { run: 'committed', n: 1 });
    });
    await server.drainJobs();
    expect(ofRun('rolled-back')).toEqual([]);
    expect(ofRun('committed')).toEqual([
      { name: 'test.record', data: { run: 'committed', n: 1 }, retryCount: 0 },
    ]);
  });

  it('writes several jobs in one statement, as pg-boss itself would, each run once, only if committed', async () => {
    await expect(
      server.ctx.db.transaction().execute(async (trx) => {
        await enqueueJobs(server.ctx, trx, [{ name: 'test.record', data: { run: 'many-rolled-back' } }]);
        throw new Error('the business change failed');
      }),
    ).rejects.toThrow('the business change failed');
    await server.ctx.db.transaction().execute(async (trx) => {
      await enqueueJobs(server.ctx, trx, [
        { name: 'test.record', data: { run: 'many', n: 1 } },
        { name: 'test.record', data: { run: 'many', n: 2 } },
        { name: 'test.flaky', data: { run: 'many', n: 3 } },
      ]);
    });
    // The same job through pg-boss's own insert, kept waiting: its row is the reference.
    const later = new Date(Date.now() + 3_600_000).toISOString();
    await new PgBoss({ db: bossDb(server.ctx.db), schema: 'pgboss' }).insert([
      { name: 'test.record', data: { run: 'reference' }, singletonKey: 'reference-key', startAfter: later },
    ]);
    const columns = sql`name, priority, state::text AS state, retry_limit, retry_count, retry_delay, retry_backoff,
      singleton_on, expire_in::text AS expire_in, dead_letter, policy, (keep_until - start_after)::text AS kept`;
    const { rows } = await sql<Record<string, unknown>>`
      SELECT ${columns}, data->>'run' AS run FROM pgboss.job WHERE data->>'run' IN ('many', 'reference') AND name = 'test.record'`.execute(
      server.ctx.db,
    );
    const reference = rows.find((r) => r.run === 'reference')!;
    const ours = rows.filter((r) => r.run === 'many');
    expect(ours).toHaveLength(2);
    for (const row of ours) expect({ ...row, run: 'reference' }).toEqual(reference);
    expect(reference).toMatchObject({
      retry_limit: 10,
      retry_backoff: true,
      policy: 'stately',
      expire_in: '00:02:00',
    });
    await server.drainJobs();
    expect(ofRun('many-rolled-back')).toEqual([]);
    expect(
      ofRun('many')
        .map((s) => (s.data as { n: number }).n)
        .sort(),
    ).toEqual([1, 2, 3]);
    await sql`DELETE FROM pgboss.job WHERE data->>'run' = 'reference'`.execute(server.ctx.db);
  });

  it('keeps one waiting job per singleton key', async () => {
    for (let i = 0; i < 3; i++)
      await enqueueJob(
        server.ctx,
        server.ctx.db,
        'test.record',
        { run: 'keyed', i },
        { singletonKey: 'k1', startAfter: new Date(server.clock.now().getTime() + 2000) },
      );
    await new Promise((r) => setTimeout(r, 2500));
    await server.drainJobs();
    expect(ofRun('keyed')).toHaveLength(1);
  });

  it('retries a failing job until it succeeds', async () => {
    failuresLeft = 1;
    await enqueueJob(
      server.ctx,
      server.ctx.db,
      'test.flaky',
      { run: 'flaky' },
      { retryLimit: 3, retryDelaySeconds: 0, retryBackoff: false },
    );
    await server.drainJobs();
    expect(ofRun('flaky').map((s) => s.retryCount)).toEqual([0, 1]);
  });

  it('does not run a job before its start time, read on the application clock', async () => {
    await enqueueJob(
      server.ctx,
      server.ctx.db,
      'test.record',
      { run: 'later' },
      { startAfter: new Date(server.clock.now().getTime() + 3_600_000) },
    );
    await server.drainJobs();
    expect(ofRun('later')).toEqual([]);
  });
});
