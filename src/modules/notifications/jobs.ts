import { registerJobHandler } from '../../jobs/index.js';
import { dispatchJob } from './emit.js';
import {
  deliverWebhook,
  dispatchEvent,
  emailJob,
  sendEmailDelivery,
  sweepJob,
  sweepNotifications,
  webhookJob,
} from './notifications.service.js';

function field(data: unknown, name: string): unknown {
  return data && typeof data === 'object' ? (data as Record<string, unknown>)[name] : undefined;
}

function stringField(data: unknown, name: string): string {
  const value = field(data, name);
  if (typeof value !== 'string') throw new Error(`Job data has no ${name}.`);
  return value;
}

/** The notification jobs; every one is safe to run twice (see each function). */
export function registerNotificationJobs(): void {
  // `eventIds` from `emitEvents` (a group), `eventId` from `emitEvent`. Each event is dispatched
  // in its own transaction; a retried group finds the ones already done and creates nothing.
  registerJobHandler(dispatchJob, async (ctx, data) => {
    const ids = field(data, 'eventIds');
    if (!Array.isArray(ids)) return dispatchEvent(ctx, stringField(data, 'eventId'));
    for (const id of ids) {
      if (typeof id !== 'string') throw new Error('Job data has an event id that is not a string.');
      await dispatchEvent(ctx, id);
    }
  });
  registerJobHandler(
    emailJob,
    (ctx, data, job) => sendEmailDelivery(ctx, stringField(data, 'deliveryId'), job),
    {
      teamSize: 2,
    },
  );
  registerJobHandler(
    webhookJob,
    (ctx, data) =>
      deliverWebhook(ctx, stringField(data, 'deliveryId'), { manual: field(data, 'manual') === true }),
    { teamSize: 4 },
  );
  registerJobHandler(sweepJob, async (ctx) => {
    await sweepNotifications(ctx);
  });
}
