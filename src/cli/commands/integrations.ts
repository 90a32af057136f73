import type { Command } from '../main.js';
import { importWithoutSignalHandlers } from '../lifecycle.js';
import { remoteOptions, type RemoteOptions } from '../remote.js';

/**
 * The commands for scripts and operators beyond set-up: list tenants (database), and the
 * tenant's subscriptions and orders (HTTP API with an API token, see ../remote.ts). Only the
 * definitions live here; each implementation is loaded when its command runs.
 */

const load = <T>(importer: () => Promise<T>) => importWithoutSignalHandlers(importer);
const json = { type: 'boolean', description: 'Print JSON for scripts instead of text' } as const;
const ifMatch = {
  type: 'string',
  description: 'ETag from "subscription show": refused (412) if the subscription changed since',
  valueName: 'etag',
} as const;
const dryRun = { type: 'boolean', description: 'Check and price it, change nothing' } as const;

type Options = Record<string, string | boolean | undefined>;
const remote = (o: Options): RemoteOptions => ({
  url: o.url as string | undefined,
  token: o.token as string | undefined,
});
const str = (o: Options, name: string) => o[name] as string | undefined;

const orderOptions = {
  file: {
    type: 'string',
    description: 'JSON file with the body of POST /api/orders ({"items": […], "payment": {…}})',
    valueName: 'order.json',
  },
  product: { type: 'string', description: 'Product id (e.g. o365-e3), instead of --file', valueName: 'id' },
  quantity: { type: 'string', description: 'Licenses, GB or credits', valueName: 'n' },
  'billing-frequency': { type: 'string', description: 'monthly or annual', valueName: 'period' },
  commitment: { type: 'string', description: 'Term: monthly or annual', valueName: 'period' },
  'base-subscription': {
    type: 'string',
    description: 'For a traditional add-on: the subscription it goes on',
    valueName: 'sub_…',
  },
  'auto-assign': { type: 'boolean', description: 'Assign the licenses to users who have none' },
} as const;

const orderArgs = (o: Options) => ({
  file: str(o, 'file'),
  product: str(o, 'product'),
  quantity: str(o, 'quantity'),
  billingFrequency: str(o, 'billing-frequency'),
  commitment: str(o, 'commitment'),
  baseSubscription: str(o, 'base-subscription'),
  autoAssign: o['auto-assign'] === true,
  json: o.json === true,
});

export const integrationCommands: Command[] = [
  {
    words: ['tenant', 'list'],
    summary: 'List every tenant: id, name, country, currency (from the database).',
    options: { json },
    run: async ({ config, lifecycle, options }) =>
      (await load(() => import('./tenant-list.js'))).listTenantsCommand(config(), lifecycle, {
        json: options.json === true,
      }),
  },
  {
    words: ['subscription', 'list'],
    summary: 'List the tenant’s subscriptions, add-ons included (HTTP API).',
    options: {
      status: {
        type: 'string',
        description: 'active, warning, expired, disabled, deleted or cancelled',
        valueName: 'status',
      },
      json,
      ...remoteOptions,
    },
    run: async ({ options }) =>
      (await load(() => import('./subscription.js'))).listSubscriptionsCommand(remote(options), {
        status: str(options, 'status'),
        json: options.json === true,
      }),
  },
  {
    words: ['subscription', 'show'],
    summary: 'One subscription with its add-ons and its ETag (HTTP API).',
    positionals: ['id'],
    options: { json, ...remoteOptions },
    run: async ({ options, positionals }) =>
      (await load(() => import('./subscription.js'))).showSubscriptionCommand(remote(options), {
        id: positionals[0]!,
        json: options.json === true,
      }),
  },
  {
    words: ['subscription', 'quantity'],
    summary: 'Change the number of licenses (charged or credited now, or at renewal) (HTTP API).',
    positionals: ['id', 'quantity'],
    options: {
      'if-match': ifMatch,
      'payment-method': {
        type: 'string',
        description: 'Saved payment method to charge (default: the subscription’s)',
        valueName: 'id',
      },
      'dry-run': dryRun,
      json,
      ...remoteOptions,
    },
    run: async ({ options, positionals }) =>
      (await load(() => import('./subscription.js'))).changeQuantityCommand(remote(options), {
        id: positionals[0]!,
        quantity: positionals[1]!,
        ifMatch: str(options, 'if-match'),
        paymentMethod: str(options, 'payment-method'),
        dryRun: options['dry-run'] === true,
        json: options.json === true,
      }),
  },
  {
    words: ['subscription', 'recurring'],
    summary: 'Turn recurring billing on or off (HTTP API).',
    positionals: ['id', 'on|off'],
    options: { 'if-match': ifMatch, json, ...remoteOptions },
    run: async ({ options, positionals }) =>
      (await load(() => import('./subscription.js'))).recurringBillingCommand(remote(options), {
        id: positionals[0]!,
        state: positionals[1]!,
        ifMatch: str(options, 'if-match'),
        json: options.json === true,
      }),
  },
  {
    words: ['subscription', 'cancel'],
    summary: 'Cancel within the refund window, with a prorated refund (HTTP API).',
    positionals: ['id'],
    options: {
      reason: { type: 'string', description: 'Why (kept in the audit log)', valueName: 'text' },
      'if-match': ifMatch,
      'dry-run': dryRun,
      json,
      ...remoteOptions,
    },
    run: async ({ options, positionals }) =>
      (await load(() => import('./subscription.js'))).cancelSubscriptionCommand(remote(options), {
        id: positionals[0]!,
        reason: str(options, 'reason'),
        ifMatch: str(options, 'if-match'),
        dryRun: options['dry-run'] === true,
        json: options.json === true,
      }),
  },
  {
    words: ['order', 'quote'],
    summary: 'Price an order without placing it; exit status 1 when it has problems (HTTP API).',
    options: { ...orderOptions, json, ...remoteOptions },
    run: async ({ options }) =>
      (await load(() => import('./order.js'))).quoteCommand(remote(options), orderArgs(options)),
  },
  {
    words: ['order', 'place'],
    summary: 'Place an order, safe to retry with --idempotency-key (HTTP API).',
    options: {
      ...orderOptions,
      invoice: { type: 'boolean', description: 'Pay by invoice (bank transfer)' },
      'payment-method': {
        type: 'string',
        description: 'Pay with this saved payment method',
        valueName: 'id',
      },
      'idempotency-key': {
        type: 'string',
        description: 'Retry key (default: a new one, printed on stderr)',
        valueName: 'key',
      },
      json,
      ...remoteOptions,
    },
    run: async ({ options }) =>
      (await load(() => import('./order.js'))).placeOrderCommand(remote(options), {
        ...orderArgs(options),
        invoice: options.invoice === true,
        paymentMethod: str(options, 'payment-method'),
        idempotencyKey: str(options, 'idempotency-key'),
      }),
  },
];
