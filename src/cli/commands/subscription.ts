import { CliError } from '../cli-error.js';
import { connect, day, money, printJson, table, type RemoteOptions } from '../remote.js';

/**
 * `billing-center subscription list|show|quantity|recurring|cancel`: the tenant's products,
 * through the HTTP API with the tenant's API token (see ../remote.ts).
 */

const statuses = ['active', 'warning', 'expired', 'disabled', 'deleted', 'cancelled'] as const;
type Status = (typeof statuses)[number];

export async function listSubscriptionsCommand(
  remote: RemoteOptions,
  args: { status: string | undefined; json: boolean },
): Promise<number> {
  if (args.status !== undefined && !statuses.includes(args.status as Status)) {
    throw new CliError(`--status must be one of ${statuses.join(', ')}; got "${args.status}".`, {
      exitCode: 2,
    });
  }
  const api = connect(remote);
  const { subscriptions } = await api.call(
    api.client.GET('/api/subscriptions', {
      params: { query: { flat: 'true', ...(args.status ? { status: args.status as Status } : {}) } },
    }),
  );
  if (args.json) {
    printJson(subscriptions);
    return 0;
  }
  if (subscriptions.length === 0) {
    process.stdout.write('No subscriptions.\n');
    return 0;
  }
  process.stdout.write(
    table(
      ['ID', 'PRODUCT', 'KIND', 'QUANTITY', 'ASSIGNED', 'STATUS', 'RECURRING', 'TERM END', 'PER PERIOD'],
      subscriptions.map((s) => [
        s.id,
        s.productName,
        s.kind,
        String(s.quantity) + (s.pendingQuantity !== null ? ` (→ ${s.pendingQuantity})` : ''),
        s.assigned === null ? '—' : String(s.assigned),
        s.status,
        s.recurringBilling ? 'on' : 'off',
        day(s.termEnd),
        `${money(s.periodAmount, s.currency)}/${s.billingFrequency === 'annual' ? 'year' : 'month'}`,
      ]),
    ),
  );
  return 0;
}

export async function showSubscriptionCommand(
  remote: RemoteOptions,
  args: { id: string; json: boolean },
): Promise<number> {
  const api = connect(remote);
  const request = api.client.GET('/api/subscriptions/{id}', { params: { path: { id: args.id } } });
  const sub = await api.call(request);
  const etag = (await request).response.headers.get('etag');
  if (args.json) {
    printJson({ ...sub, etag });
    return 0;
  }
  const lines = [
    `${sub.productName} (${sub.id})`,
    `  product          ${sub.productId} (${sub.kind}, per ${sub.unit})`,
    `  status           ${sub.status}`,
    `  quantity         ${sub.quantity}${sub.pendingQuantity !== null ? ` (→ ${sub.pendingQuantity} at renewal)` : ''}` +
      `${sub.assigned === null ? '' : `, ${sub.assigned} assigned`}`,
    `  price            ${money(sub.unitAmount, sub.currency)} per unit, ${money(sub.periodAmount, sub.currency)} per ${sub.billingFrequency === 'annual' ? 'year' : 'month'}`,
    `  commitment       ${sub.commitment}, billed ${sub.billingFrequency}`,
    `  term             ${day(sub.termStart)} → ${day(sub.termEnd)}`,
    `  recurring        ${sub.recurringBilling ? 'on' : 'off'}`,
    `  etag             ${etag ?? '—'}  (--if-match for quantity, recurring, cancel)`,
  ];
  for (const addOn of sub.addOns ?? []) {
    lines.push(`  add-on           ${addOn.productName} (${addOn.id}): ${addOn.quantity}, ${addOn.status}`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}

function ifMatch(value: string | undefined) {
  return value === undefined ? {} : { 'if-match': value };
}

export async function changeQuantityCommand(
  remote: RemoteOptions,
  args: {
    id: string;
    quantity: string;
    ifMatch: string | undefined;
    paymentMethod: string | undefined;
    dryRun: boolean;
    json: boolean;
  },
): Promise<number> {
  const quantity = Number(args.quantity);
  if (!Number.isInteger(quantity) || quantity < 0) {
    throw new CliError(`<quantity> must be a whole number ≥ 0; got "${args.quantity}".`, { exitCode: 2 });
  }
  const api = connect(remote);
  const result = await api.call(
    api.client.POST('/api/subscriptions/{id}/quantity', {
      params: {
        path: { id: args.id },
        header: ifMatch(args.ifMatch),
        query: args.dryRun ? { dryRun: 'true' } : {},
      },
      body: { quantity, ...(args.paymentMethod ? { paymentMethodId: args.paymentMethod } : {}) },
    }),
  );
  if (args.json) {
    printJson(result);
    return 0;
  }
  const { change, subscription: sub } = result;
  const what: Record<typeof change.type, string> = {
    increase: `Increased ${sub.productName} from ${change.from} to ${change.to}`,
    decrease: `Reduced ${sub.productName} from ${change.from} to ${change.to}`,
    scheduled_decrease: `${sub.productName} goes from ${change.from} to ${change.to} at renewal (${day(change.effectiveAt)})`,
    scheduled_decrease_withdrawn: `Withdrew the scheduled reduction of ${sub.productName}: it stays at ${change.to}`,
  };
  const amount =
    change.total > 0
      ? `; charged ${money(change.total, sub.currency)} now`
      : change.total < 0
        ? `; credited ${money(-change.total, sub.currency)}`
        : '';
  process.stdout.write(
    `${args.dryRun ? '(dry run, nothing changed) ' : ''}${what[change.type]}${amount}` +
      `${change.proratedDays ? ` (${change.proratedDays} of ${change.periodDays} days)` : ''}.\n`,
  );
  return 0;
}

export async function recurringBillingCommand(
  remote: RemoteOptions,
  args: { id: string; state: string; ifMatch: string | undefined; json: boolean },
): Promise<number> {
  const state = args.state.toLowerCase();
  if (state !== 'on' && state !== 'off') {
    throw new CliError(`Recurring billing is "on" or "off"; got "${args.state}".`, { exitCode: 2 });
  }
  const api = connect(remote);
  const sub = await api.call(
    api.client.PATCH('/api/subscriptions/{id}', {
      params: { path: { id: args.id }, header: ifMatch(args.ifMatch) },
      body: { recurringBilling: state === 'on' },
    }),
  );
  if (args.json) {
    printJson(sub);
    return 0;
  }
  process.stdout.write(
    sub.recurringBilling
      ? `Recurring billing of ${sub.productName} is on: it renews on ${day(sub.termEnd)}.\n`
      : `Recurring billing of ${sub.productName} is off: it expires on ${day(sub.termEnd)}.\n`,
  );
  return 0;
}

export async function cancelSubscriptionCommand(
  remote: RemoteOptions,
  args: {
    id: string;
    reason: string | undefined;
    ifMatch: string | undefined;
    dryRun: boolean;
    json: boolean;
  },
): Promise<number> {
  const api = connect(remote);
  const result = await api.call(
    api.client.POST('/api/subscriptions/{id}/cancel', {
      params: {
        path: { id: args.id },
        header: ifMatch(args.ifMatch),
        query: args.dryRun ? { dryRun: 'true' } : {},
      },
      body: args.reason ? { reason: args.reason } : {},
    }),
  );
  if (args.json) {
    printJson(result);
    return 0;
  }
  const currency = result.subscription.currency;
  const lines = [
    `${args.dryRun ? '(dry run, nothing changed) ' : ''}Cancelled ${result.subscription.productName} (${result.subscription.id}).`,
  ];
  for (const ended of result.ended) {
    lines.push(
      `  ${ended.subscriptionId} ${ended.productId}: refund ${money(ended.refund + ended.refundTax, currency)}` +
        `${ended.unassigned.length ? `, ${ended.unassigned.length} license(s) unassigned` : ''}`,
    );
  }
  process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}
