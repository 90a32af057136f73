import { randomUUID } from 'node:crypto';
import PgBoss from 'pg-boss';
import type { AppContext } from '../app-context.js';
import type { Executor } from '../db/executor.js';
import {
  bossDb,
  countDueJobs,
  insertJobRows,
  jobSchema,
  listFailedJobs,
  readInstalledQueues,
} from './jobs.repository.js';
import bossVersion from 'pg-boss/version.json' with { type: 'json' };

const bossSchemaVersion = bossVersion.schema;
import { jobHandlers } from './registry.js';

export interface EnqueueOptions {
  /** At most one job of this name with this key waits at a time (a second one is dropped). */
  singletonKey?: string;
  startAfter?: Date;
  retryLimit?: number;
  retryDelaySeconds?: number;
  retryBackoff?: boolean;
}

/** Jobs that run now and then by themselves; the interval comes from the configuration. */
export const periodicJobs = {
  billingRun: 'billing.run',
  reconcilePayments: 'payments.reconcile',
  notificationsSweep: 'notifications.sweep',
} as const;

const queueDefaults = {
  // Every queue is "stately": one waiting and one running job per singleton key. Jobs sent
  // without a key get a unique one, so only keyed jobs are deduplicated.
  policy: 'stately' as const,
  retryLimit: 10,
  retryDelay: 5,
  retryBackoff: true,
  // A job whose worker died (kill -9) is handed out again after this long.
  expireInSeconds: 120,
};

async function loadHandlers(): Promise<void> {
  // Loaded lazily: handlers import workflows, which import this module to enqueue.
  await import('./handlers.js');
}

// One sending instance per pool: sending needs no started pg-boss, only its SQL.
const senders = new WeakMap<object, PgBoss>();

function senderFor(ctx: AppContext): PgBoss {
  let boss = senders.get(ctx.db);
  if (!boss) {
    boss = new PgBoss({ db: bossDb(ctx.db), schema: jobSchema });
    senders.set(ctx.db, boss);
  }
  return boss;
}

/**
 * Writes a job in `db`, which may be the business transaction: the job exists if and only if
 * that transaction commits (a transactional outbox without a second table). `startAfter` is
 * read against `ctx.clock`, so a test's manual clock and PostgreSQL's agree on "how long from now".
 */
export async function enqueueJob(
  ctx: AppContext,
  db: Executor,
  name: string,
  data: Record<string, unknown>,
  options: EnqueueOptions = {},
): Promise<void> {
  const delaySeconds = options.startAfter
    ? Math.max(0, Math.ceil((options.startAfter.getTime() - ctx.clock.now().getTime()) / 1000))
    : 0;
  await senderFor(ctx).send(name, data, {
    db: bossDb(db),
    singletonKey: options.singletonKey ?? crypto.randomUUID(),
    ...(delaySeconds > 0 ? { startAfter: delaySeconds } : {}),
    ...(options.retryLimit !== undefined ? { retryLimit: options.retryLimit } : {}),
    ...(options.retryDelaySeconds !== undefined ? { retryDelay: options.retryDelaySeconds } : {}),
    ...(options.retryBackoff !== undefined ? { retryBackoff: options.retryBackoff } : {}),
  });
}

/**
 * Several jobs in one statement, in `db` like `enqueueJob`: the hot path (an order's events)
 * pays one round trip for all its jobs, or none inside a `writeTogether`. Each job gets a
 * unique key. Same rows as pg-boss's `insert` (`insertJobRows`).
 */
export async function enqueueJobs(
  ctx: AppContext,
  db: Executor,
  jobs: { name: string; data: Record<string, unknown> }[],
): Promise<void> {
  // Chunks keep one statement's JSON of a billing cycle's thousands of jobs moderate.
  for (let i = 0; i < jobs.length; i += 5000) {
    await insertJobRows(
      db,
      jobs.slice(i, i + 5000).map((j) => ({ name: j.name, data: j.data, singletonKey: randomUUID() })),
    );
  }
}

/**
 * Installs or upgrades pg-boss's schema and creates a queue per registered job name. Runs with
 * the migrations, so a test template database carries it and every clone starts ready.
 */
export async function installJobQueue(db: Executor): Promise<void> {
  await loadHandlers();
  // Every CLI command migrates first: when the schema is current and every queue exists,
  // one query answers instead of starting pg-boss.
  const installed = await readInstalledQueues(db);
  if (
    installed &&
    installed.version === bossSchemaVersion &&
    [...jobHandlers.keys()].every((n) => installed.queues.has(n))
  )
    return;
  const boss = new PgBoss({
    db: bossDb(db),
    schema: jobSchema,
    migrate: true,
    supervise: false,
    schedule: false,
  });
  boss.on('error', () => {});
  await boss.start();
  try {
    for (const name of jobHandlers.keys()) await boss.createQueue(name, { name, ...queueDefaults });
  } finally {
    await boss.stop({ graceful: false, close: false });
  }
}

export interface JobWorkers {
  stop(): Promise<void>;
  /** Waits until no job that is due is waiting or running (tests call it after an action). */
  drain(timeoutMs?: number): Promise<void>;
}

function cronEvery(seconds: number): string {
  // pg-boss schedules by the minute.
  const minutes = Math.max(1, Math.round(seconds / 60));
  if (minutes < 60) return `*/${minutes} * * * *`;
  return `0 */${Math.min(23, Math.round(minutes / 60))} * * *`;
}

/**
 * Starts the workers of every registered job in this process (the `serve` default, or
 * `billing-center worker` processes). Several processes share the queue: a job is handed to
 * one worker at a time (SELECT … SKIP LOCKED), and the periodic jobs are keyed so only one
 * run of each waits or runs. With `schedule`, this process also keeps the periodic schedules
 * and asks for one billing run and one reconciliation at once (catching up after downtime).
 */
export async function startJobWorkers(
  ctx: AppContext,
  options: {
    schedule?: boolean;
    pollingIntervalSeconds?: number;
    log?: (message: string, error?: unknown) => void;
  } = {},
): Promise<JobWorkers> {
  await loadHandlers();
  const log = options.log ?? (() => {});
  const schedule = options.schedule ?? true;
  // In-flight queue SQL and handlers, so that stop() returns only once none can still reach the
  // pool: a worker loop that was mid-fetch when stop began would otherwise run (and fail its
  // job) against a pool its owner has already closed.
  let inFlight = 0;
  let closed = false;
  const poolDb = bossDb(ctx.db);
  const db: PgBoss.Db = {
    async executeSql(text, values) {
      if (closed) return { rows: [] };
      inFlight++;
      try {
        return await poolDb.executeSql(text, values);
      } finally {
        inFlight--;
      }
    },
  };
  const boss = new PgBoss({
    db,
    schema: jobSchema,
    migrate: false,
    supervise: true,
    schedule,
    maintenanceIntervalSeconds: 30,
  });
  boss.on('error', (error) => log('job queue error', error));
  await boss.start();
  // Queues of handlers added since the last migration (creating one that exists is a no-op).
  for (const name of jobHandlers.keys()) await boss.createQueue(name, { name, ...queueDefaults });
  const workerIds: string[] = [];
  const polling = options.pollingIntervalSeconds ?? 1;
  for (const [name, { handler, options: handlerOptions }] of jobHandlers) {
    for (let i = 0; i < (handlerOptions.teamSize ?? 1); i++) {
      const runJobs = async (jobs: PgBoss.JobWithMetadata<Record<string, unknown>>[]) => {
        for (const job of jobs) {
          try {
            await handler(ctx, job.data, { id: job.id, retryCount: job.retryCount });
          } catch (error) {
            log(`job ${name} ${job.id} failed (attempt ${job.retryCount + 1})`, error);
            throw error;
          }
        }
      };
      let id = '';
      id = await boss.work<Record<string, unknown>>(
        name,
        { batchSize: 1, includeMetadata: true, pollingIntervalSeconds: polling },
        async (jobs) => {
          inFlight++;
          try {
            await runJobs(jobs);
          } finally {
            inFlight--;
            if (handlerOptions.eager && jobs.length > 0 && id) boss.notifyWorker(id);
          }
        },
      );
      workerIds.push(id);
    }
  }
  if (schedule) {
    const periodic: [string, number][] = [
      [periodicJobs.billingRun, ctx.config.billingIntervalSeconds],
      [periodicJobs.reconcilePayments, ctx.config.reconcileIntervalSeconds],
      [periodicJobs.notificationsSweep, ctx.config.billingIntervalSeconds],
    ];
    for (const [name, seconds] of periodic) {
      if (!jobHandlers.has(name)) continue;
      // One run at start catches up on what fell due (or was left in doubt) while down.
      if (seconds > 0 || name === periodicJobs.reconcilePayments)
        await boss.send(name, {}, { singletonKey: 'periodic' });
      if (seconds > 0) await boss.schedule(name, cronEvery(seconds), {}, { singletonKey: 'periodic' });
      else await boss.unschedule(name);
    }
    // Attempts a crashed process left pending become "in doubt" only after
    // reconcileAfterSeconds: look again once they have, rather than at the next interval. The
    // key is this start's own: a waiting look left by a process that died moments ago would
    // otherwise absorb this one and run too early to see its attempts as in doubt.
    if (jobHandlers.has(periodicJobs.reconcilePayments)) {
      await boss.send(
        periodicJobs.reconcilePayments,
        {},
        {
          singletonKey: `after-start-${randomUUID()}`,
          startAfter: ctx.config.reconcileAfterSeconds + 1,
        },
      );
    }
  }
  const names = [...jobHandlers.keys()];
  return {
    async stop() {
      await boss.stop({ graceful: true, close: false, timeout: 10_000 });
      const deadline = Date.now() + 10_000;
      while (inFlight > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
      closed = true;
    },
    async drain(timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      let quietRounds = 0;
      while (quietRounds < 2) {
        const due = await countDueJobs(ctx.db, names);
        if (due.length === 0) quietRounds++;
        else {
          quietRounds = 0;
          if (Date.now() > deadline) {
            throw new Error(`Jobs still due after ${timeoutMs} ms: ${JSON.stringify(due)}`);
          }
          for (const id of workerIds) boss.notifyWorker(id);
        }
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    },
  };
}

export { listFailedJobs };
