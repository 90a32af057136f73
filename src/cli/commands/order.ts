import { readFile } from 'node:fs/promises';
import { newIdempotencyKey, type paths } from '../../client/index.js';
import { CliError } from '../cli-error.js';
import { connect, money, printJson, table, type RemoteOptions } from '../remote.js';

/**
 * `billing-center order quote|place`: the checkout of the admin center, through the HTTP API.
 * One item from flags, or any order from a JSON file holding the body of POST /api/orders.
 */

type PlaceOrderBody = paths['/api/orders']['post']['requestBody']['content']['application/json'];
type Item = PlaceOrderBody['items'][number];
type Payment = NonNullable<PlaceOrderBody['payment']>;

export interface OrderArgs {
  file: string | undefined;
  product: string | undefined;
  quantity: string | undefined;
  billingFrequency: string | undefined;
  commitment: string | undefined;
  baseSubscription: string | undefined;
  autoAssign: boolean;
  json: boolean;
}

const periods = ['monthly', 'annual'] as const;
type Period = (typeof periods)[number];

function period(value: string | undefined, flag: string): Period | undefined {
  if (value === undefined) return undefined;
  if (!periods.includes(value as Period)) {
    throw new CliError(`${flag} must be monthly or annual; got "${value}".`, { exitCode: 2 });
  }
  return value as Period;
}

/** The order from --file, or one item from the flags; never both. */
async function readOrder(args: OrderArgs): Promise<{ items: Item[]; payment?: Payment }> {
  const itemFlags = [
    args.product,
    args.quantity,
    args.billingFrequency,
    args.commitment,
    args.baseSubscription,
  ];
  if (args.file !== undefined) {
    if (itemFlags.some((f) => f !== undefined) || args.autoAssign) {
      throw new CliError('Give the order either with --file or with --product/--quantity…, not both.', {
        exitCode: 2,
      });
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(await readFile(args.file, 'utf8'));
    } catch (error) {
      throw new CliError(`Cannot read ${args.file} as JSON: ${(error as Error).message}.`, {
        hint: 'The file holds the body of POST /api/orders: {"items": [{"productId": "…", "quantity": 5}], "payment": {"method": "invoice"}}.',
        exitCode: 2,
      });
    }
    if (
      typeof parsed !== 'object' ||
      parsed === null ||
      !Array.isArray((parsed as { items?: unknown }).items)
    ) {
      throw new CliError(`${args.file} has no "items" list.`, {
        hint: 'The file holds the body of POST /api/orders: {"items": [{"productId": "…", "quantity": 5}]}.',
        exitCode: 2,
      });
    }
    // The server validates every field and answers with each problem.
    return parsed as { items: Item[]; payment?: Payment };
  }
  if (args.product === undefined || args.quantity === undefined) {
    throw new CliError('Give --product and --quantity, or --file order.json.', { exitCode: 2 });
  }
  const quantity = Number(args.quantity);
  if (!Number.isInteger(quantity) || quantity < 1) {
    throw new CliError(`--quantity must be a whole number ≥ 1; got "${args.quantity}".`, { exitCode: 2 });
  }
  const billingFrequency = period(args.billingFrequency, '--billing-frequency');
  const commitment = period(args.commitment, '--commitment');
  return {
    items: [
      {
        productId: args.product,
        quantity,
        ...(billingFrequency ? { billingFrequency } : {}),
        ...(commitment ? { commitment } : {}),
        ...(args.baseSubscription ? { baseSubscriptionId: args.baseSubscription } : {}),
        ...(args.autoAssign ? { autoAssign: true } : {}),
      },
    ],
  };
}

export async function quoteCommand(remote: RemoteOptions, args: OrderArgs): Promise<number> {
  const { items } = await readOrder(args);
  const api = connect(remote);
  const quote = await api.call(api.client.POST('/api/checkout/quote', { body: { items } }));
  if (args.json) {
    printJson(quote);
    return quote.valid ? 0 : 1;
  }
  const c = quote.currency;
  if (quote.lines.length) {
    process.stdout.write(
      table(
        ['PRODUCT', 'QUANTITY', 'UNIT PRICE', 'BILLED', 'DUE TODAY'],
        quote.lines.map((l) => [
          l.productName,
          String(l.quantity),
          money(l.unitAmount, c),
          l.billingFrequency,
          money(l.total, c),
        ]),
      ),
    );
  }
  process.stdout.write(
    `Subtotal ${money(quote.subtotal, c)}, tax ${money(quote.tax, c)}, total due today ${money(quote.totalDueToday, c)}.\n`,
  );
  if (!quote.valid) {
    for (const p of quote.problems) {
      const where = p.itemIndex === null ? 'the order' : `item ${p.itemIndex + 1}`;
      process.stderr.write(`Problem with ${where} [${p.code}]: ${p.message}\n`);
      if (p.hint) process.stderr.write(`  Hint: ${p.hint}\n`);
    }
    return 1;
  }
  return 0;
}

export async function placeOrderCommand(
  remote: RemoteOptions,
  args: OrderArgs & {
    invoice: boolean;
    paymentMethod: string | undefined;
    idempotencyKey: string | undefined;
  },
): Promise<number> {
  const order = await readOrder(args);
  if (args.invoice && args.paymentMethod) {
    throw new CliError('Pay either --invoice or with --payment-method, not both.', { exitCode: 2 });
  }
  let payment = order.payment;
  if (args.invoice) payment = { method: 'invoice' };
  if (args.paymentMethod) payment = { method: 'saved', paymentMethodId: args.paymentMethod };
  const api = connect(remote);
  const idempotencyKey = args.idempotencyKey ?? newIdempotencyKey();
  // On stderr, so a script can retry a timed-out order with the same key without buying twice.
  if (!args.idempotencyKey) process.stderr.write(`Idempotency-Key: ${idempotencyKey}\n`);
  const placed = await api.call(
    api.client.POST('/api/orders', {
      params: { header: { 'idempotency-key': idempotencyKey } },
      body: { items: order.items, ...(payment ? { payment } : {}) },
    }),
  );
  if (args.json) {
    printJson(placed);
    return 0;
  }
  const c = placed.currency;
  const lines = [
    `Order ${placed.id} ${placed.status}: ${money(placed.totalDueToday, c)} due today, paid by ${placed.payment.method} (${placed.payment.status}).`,
  ];
  for (const [i, line] of placed.lines.entries()) {
    lines.push(
      `  ${line.productName} × ${line.quantity} → subscription ${line.subscriptionId ?? placed.subscriptionIds[i] ?? '—'}`,
    );
  }
  if (placed.invoice) lines.push(`  Invoice ${placed.invoice.number} (${placed.invoice.status})`);
  process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}
