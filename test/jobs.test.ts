import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enqueueJob, registerJobHandler } from '../src/jobs/index.js';
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
