import { z } from 'zod';
import type { AppContext } from '../../app-context.js';
import { operatorActor } from '../../modules/audit/index.js';
import {
  advanceTestClockSchema,
  createTestClock,
  createTestClockSchema,
  getTestClocks,
  isTestMode,
  removeTestClock,
  requireTestClock,
  testClockSchema,
  toTestClockView,
} from '../../modules/test-clocks/index.js';
import { advanceTestClock } from '../../workflows/advance-test-clock.js';
import type { Api } from '../api.js';
import { idParam } from '../api.js';
import { actorOf, requireOperator, requireTenant } from '../auth.js';

const advanceReportSchema = z.object({
  steps: z.number().describe('Instants the clock stopped at, in order, running what fell due there'),
  renewed: z.number(),
  charged: z.number().describe('Billing periods within a term billed'),
  failed: z.number(),
  expired: z.number(),
  disabled: z.number(),
  deleted: z.number(),
  reminded: z.number().describe('Overdue invoices that reached a reminder stage'),
  warned: z.number(),
  suspended: z.number(),
  renewalReminders: z.number(),
  overdueNotices: z.number(),
  deletionNotices: z.number(),
});

const advanceResponse = z.object({ testClock: testClockSchema, work: advanceReportSchema });
const listResponse = z.object({ testMode: z.boolean(), testClocks: z.array(testClockSchema) });

/**
 * Per-tenant test clocks (docs/test-clocks.md). The operator creates, advances and deletes
 * them; a tenant's Global admin sees and advances the clock attached to their own tenant.
 */
export async function registerTestClockRoutes(api: Api, ctx: AppContext) {
  api.post(
    '/operator/test-clocks',
    {
      schema: {
        tags: ['operator'],
        summary: 'Create a test clock and attach it to a tenant (test mode only)',
        body: createTestClockSchema,
        response: { 201: testClockSchema },
      },
    },
    async (request, reply) => {
      requireOperator(request);
      const row = await createTestClock(ctx, request.body, operatorActor);
      return reply.status(201).send(toTestClockView(row));
    },
  );

  api.get(
    '/operator/test-clocks',
    {
      schema: {
        tags: ['operator'],
        summary: 'Every test clock, and whether the instance is in test mode',
        response: { 200: listResponse },
      },
    },
    async (request) => {
      requireOperator(request);
      return {
        testMode: isTestMode(ctx.config),
        testClocks: (await getTestClocks(ctx)).map(toTestClockView),
      };
    },
  );

  api.get(
    '/operator/test-clocks/:id',
    {
      schema: {
        tags: ['operator'],
        summary: 'One test clock',
        params: idParam,
        response: { 200: testClockSchema },
      },
    },
    async (request) => {
      requireOperator(request);
      return toTestClockView(await requireTestClock(ctx, request.params.id));
    },
  );

  api.post(
    '/operator/test-clocks/:id/advance',
    {
      schema: {
        tags: ['operator'],
        summary: 'Advance a test clock, running its tenant’s due work at each date on the way',
        params: idParam,
        body: advanceTestClockSchema,
        response: { 200: advanceResponse },
      },
    },
    async (request) => {
      requireOperator(request);
      const { clock, report } = await advanceTestClock(
        ctx,
        request.params.id,
        request.body,
        {},
        operatorActor,
      );
      return { testClock: toTestClockView(clock), work: report };
    },
  );

  api.delete(
    '/operator/test-clocks/:id',
    {
      schema: {
        tags: ['operator'],
        summary: 'Detach and delete a test clock: its tenant lives at the instance time again',
        params: idParam,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      requireOperator(request);
      await removeTestClock(ctx, request.params.id, operatorActor);
      return reply.status(204).send(null);
    },
  );

  api.get(
    '/test-clocks',
    {
      schema: {
        tags: ['test-clocks'],
        summary: 'The test clock attached to your organization, if any',
        response: { 200: listResponse },
      },
    },
    async (request) => {
      const p = requireTenant(request, 'test-clocks:use');
      return {
        testMode: isTestMode(ctx.config),
        testClocks: (await getTestClocks(ctx, { tenantId: p.tenantId })).map(toTestClockView),
      };
    },
  );

  api.get(
    '/test-clocks/:id',
    {
      schema: {
        tags: ['test-clocks'],
        summary: 'Your organization’s test clock',
        params: idParam,
        response: { 200: testClockSchema },
      },
    },
    async (request) => {
      const p = requireTenant(request, 'test-clocks:use');
      return toTestClockView(await requireTestClock(ctx, request.params.id, { tenantId: p.tenantId }));
    },
  );

  api.post(
    '/test-clocks/:id/advance',
    {
      schema: {
        tags: ['test-clocks'],
        summary: 'Advance your organization’s test clock (attached by the operator)',
        params: idParam,
        body: advanceTestClockSchema,
        response: { 200: advanceResponse },
      },
    },
    async (request) => {
      const p = requireTenant(request, 'test-clocks:use');
      const { clock, report } = await advanceTestClock(
        ctx,
        request.params.id,
        request.body,
        { tenantId: p.tenantId },
        actorOf(p),
      );
      return { testClock: toTestClockView(clock), work: report };
    },
  );
}
