import { randomBytes, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { cardFor, luhnValid, testPaymentMethodIds, type CardOutcome } from './cards.js';
import { Ledger, type LedgerEntry } from './ledger.js';
import { testGatewayKeys } from '../config.js';
import { minimumChargeAmount } from '../modules/payments/index.js';

/**
 * A small Stripe-compatible HTTP server: exactly the part of Stripe's API that
 * `StripeGateway` uses (customers, payment methods, payment intents, refunds), with Stripe's
 * form-encoded requests, Bearer keys, `Idempotency-Key` replay and error shapes, so the one
 * adapter built on the official `stripe` package runs against it in the demo and in tests.
 * Every change is on disk (see Ledger) before it is answered.
 */

export const defaultTestKeys = testGatewayKeys;

export interface TestGatewayFaults {
  /**
   * The next `count` requests to these endpoints are carried out and recorded, then answered
   * with a 500 (`error`) or a dropped connection (`drop`): "the gateway charged, the caller
   * never heard". A retry with the same Idempotency-Key answers the recorded outcome.
   */
  failAfterRecord?:
    { endpoints: ('payment_intents' | 'refunds')[]; count: number; mode: 'error' | 'drop' } | undefined;
  /** Holds every answer back this long after recording (client timeouts). */
  delayMs?: number | undefined;
}

export interface TestGatewayOptions {
  dataDir: string;
  port?: number;
  host?: string;
  secretKey?: string;
  publishableKey?: string;
  faults?: TestGatewayFaults;
}

export interface TestGateway {
  url: string;
  port: number;
  secretKey: string;
  publishableKey: string;
  /** Replaced as a whole; also settable over HTTP with `POST /__faults` and the secret key. */
  faults: TestGatewayFaults;
  close(): Promise<void>;
}

type Obj = { id: string; object: string } & Record<string, unknown>;

interface StripeErrorBody {
  type: 'card_error' | 'invalid_request_error' | 'api_error' | 'idempotency_error' | 'authentication_error';
  message: string;
  code?: string;
  decline_code?: string;
  param?: string;
  payment_intent?: unknown;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: StripeErrorBody,
  ) {
    super(body.message);
  }
}

const invalid = (message: string, param?: string, code = 'parameter_invalid') =>
  new HttpError(400, { type: 'invalid_request_error', message, code, ...(param ? { param } : {}) });
const missing = (kind: string, id: string, param?: string) =>
  new HttpError(404, {
    type: 'invalid_request_error',
    code: 'resource_missing',
    message: `No such ${kind}: '${id}'`,
    ...(param ? { param } : {}),
  });

/** Stripe's bracket syntax (`metadata[attempt_id]=…`, `payment_method_types[0]=card`) to objects. */
export function parseForm(text: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(text)) {
    const parts = key.split('[').map((p) => p.replace(/\]$/, ''));
    let node = out;
    for (let i = 0; i < parts.length - 1; i++) {
      const part = parts[i]!;
      const next = node[part];
      if (typeof next !== 'object' || next === null) node[part] = {};
      node = node[part] as Record<string, unknown>;
    }
    node[parts[parts.length - 1]!] = value;
  }
  return out;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const bool = (v: unknown): boolean => v === 'true' || v === true;
const metadataOf = (v: unknown): Record<string, string> => {
  const out: Record<string, string> = {};
  if (v && typeof v === 'object')
    for (const [k, x] of Object.entries(v)) if (typeof x === 'string') out[k] = x;
  return out;
};
const newObjectId = (prefix: string) => `${prefix}_${randomBytes(12).toString('hex')}`;
const nowSeconds = () => Math.floor(Date.now() / 1000);

function keyMatches(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Objects by id, plus the hidden test behaviour of each payment method (never serialised). */
class State {
  readonly objects = new Map<string, Obj>();
  readonly idempotency = new Map<string, { fingerprint: string; status: number; body: unknown }>();
  /** Order of creation, for lists newest first. */
  private order: string[] = [];

  apply(entry: LedgerEntry) {
    if (entry.t === 'object') {
      if (!this.objects.has(entry.object.id)) this.order.push(entry.object.id);
      this.objects.set(entry.object.id, entry.object);
    } else {
      this.idempotency.set(entry.scope, {
        fingerprint: entry.fingerprint,
        status: entry.status,
        body: entry.body,
      });
    }
  }

  list(kind: string, filter: (o: Obj) => boolean): Obj[] {
    const out: Obj[] = [];
    for (let i = this.order.length - 1; i >= 0; i--) {
      const o = this.objects.get(this.order[i]!)!;
      if (o.object === kind && filter(o)) out.push(o);
    }
    return out;
  }
}

/** What leaves the server: the object without its hidden `_` fields. */
function view(o: Obj): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([k]) => !k.startsWith('_')));
}

export async function startTestGateway(options: TestGatewayOptions): Promise<TestGateway> {
  const secretKey = options.secretKey ?? defaultTestKeys.secretKey;
  const publishableKey = options.publishableKey ?? defaultTestKeys.publishableKey;
  const ledger = new Ledger(options.dataDir);
  const state = new State();
  for (const entry of ledger.replay()) state.apply(entry);
  const handle: TestGateway = {
    url: '',
    port: 0,
    secretKey,
    publishableKey,
    faults: options.faults ?? {},
    close: async () => {},
  };

  /**
   * Changes of the request being handled. Requests are handled synchronously from routing to
   * the ledger write, so a request's objects and its idempotent response reach the disk in one
   * write: a crash can never keep a charge without the answer a retry must replay.
   */
  let pending: LedgerEntry[] = [];
  function commit(entries: LedgerEntry[]) {
    pending.push(...entries);
    for (const e of entries) state.apply(e);
  }

  function get(kind: string, id: string, param?: string): Obj {
    const o = state.objects.get(id);
    if (!o || o.object !== kind) throw missing(kind, id, param);
    return o;
  }

  function listResponse(url: string, all: Obj[], query: URLSearchParams) {
    const limit = Math.min(Math.max(Number(query.get('limit') ?? 10) || 10, 1), 100);
    const after = query.get('starting_after');
    const start = after ? all.findIndex((o) => o.id === after) + 1 : 0;
    const page = all.slice(start, start + limit);
    return { object: 'list', url, has_more: start + limit < all.length, data: page.map(view) };
  }

  /** A card payment method from a test id (`pm_card_visa`) or card details. */
  function newCardMethod(digits: string, exp: { month: number; year: number }, name: string | null): Obj {
    const card = cardFor(digits);
    return {
      id: newObjectId('pm'),
      object: 'payment_method',
      type: 'card',
      created: nowSeconds(),
      customer: null,
      livemode: false,
      metadata: {},
      billing_details: { name },
      card: {
        brand: card.brand,
        last4: digits.slice(-4),
        exp_month: exp.month,
        exp_year: exp.year,
        funding: 'credit',
        country: 'US',
      },
      _outcome: card.outcome,
      _used: false,
      _detached: false,
    };
  }

  /** A test id stands for a fresh payment method each time it is used, as on Stripe. */
  function resolveMethod(id: string, param: string): { pm: Obj; isNew: boolean } {
    const digits = testPaymentMethodIds[id];
    if (digits) {
      const year = new Date().getUTCFullYear() + 3;
      return { pm: newCardMethod(digits, { month: 12, year }, null), isNew: true };
    }
    return { pm: get('payment_method', id, param), isNew: false };
  }

  function createPaymentMethod(body: Record<string, unknown>): Obj {
    if (str(body.type) !== 'card') throw invalid('Only type=card is supported by the test gateway.', 'type');
    const card = (body.card ?? {}) as Record<string, unknown>;
    const digits = (str(card.number) ?? '').replace(/[\s-]/g, '');
    const cardError = (code: string, message: string, param: string) =>
      new HttpError(402, { type: 'card_error', code, message, param });
    if (!/^\d{12,19}$/.test(digits) || !luhnValid(digits))
      throw cardError('incorrect_number', 'Your card number is incorrect.', 'card[number]');
    const month = Number(str(card.exp_month));
    let year = Number(str(card.exp_year));
    if (!Number.isInteger(month) || month < 1 || month > 12)
      throw cardError('invalid_expiry_month', "Your card's expiration month is invalid.", 'card[exp_month]');
    if (Number.isInteger(year) && year < 100) year += 2000;
    const today = new Date();
    if (
      !Number.isInteger(year) ||
      year < today.getUTCFullYear() ||
      (year === today.getUTCFullYear() && month < today.getUTCMonth() + 1)
    )
      throw cardError('invalid_expiry_year', "Your card's expiration year is invalid.", 'card[exp_year]');
    const cvc = str(card.cvc);
    if (cvc !== undefined && !/^\d{3,4}$/.test(cvc))
      throw cardError('invalid_cvc', "Your card's security code is invalid.", 'card[cvc]');
    const billing = (body.billing_details ?? {}) as Record<string, unknown>;
    const pm = newCardMethod(digits, { month, year }, str(billing.name) ?? null);
    commit([{ t: 'object', object: pm }]);
    return pm;
  }

  function attach(id: string, body: Record<string, unknown>): Obj {
    const customerId = str(body.customer);
    if (!customerId) throw invalid('Missing required param: customer.', 'customer', 'parameter_missing');
    get('customer', customerId, 'customer');
    const { pm } = resolveMethod(id, 'payment_method');
    if (pm._detached)
      throw invalid(
        'This PaymentMethod was previously detached and cannot be attached again.',
        'payment_method',
      );
    if (pm.customer === customerId) return pm;
    if (pm.customer) throw invalid('This PaymentMethod is already attached to a customer.', 'payment_method');
    if (pm._used)
      throw invalid(
        'This PaymentMethod was previously used without being attached to a Customer or was detached from a Customer, and may not be used again.',
        'payment_method',
      );
    const attached = { ...pm, customer: customerId };
    commit([{ t: 'object', object: attached }]);
    return attached;
  }

  function detach(id: string): Obj {
    const pm = get('payment_method', id);
    if (!pm.customer)
      throw invalid('The payment method you provided is not attached to a customer.', 'payment_method');
    const detached = { ...pm, customer: null, _detached: true };
    commit([{ t: 'object', object: detached }]);
    return detached;
  }

  function createPaymentIntent(body: Record<string, unknown>): Obj {
    const amount = Number(str(body.amount));
    if (!Number.isInteger(amount) || amount < 1) throw invalid('Invalid positive integer', 'amount');
    const currency = (str(body.currency) ?? '').toLowerCase();
    if (!/^[a-z]{3}$/.test(currency)) throw invalid('Invalid currency', 'currency');
    // Stripe's minimum charge (0.50 USD, 0.30 GBP, ¥50…), with Stripe's error.
    const minimum = minimumChargeAmount(currency);
    if (amount < minimum)
      throw new HttpError(400, {
        type: 'invalid_request_error',
        code: 'amount_too_small',
        param: 'amount',
        message: `Amount must be at least ${minimum} ${currency} (in the currency's smallest unit).`,
      });
    const customerId = str(body.customer) ?? null;
    if (customerId) get('customer', customerId, 'customer');
    const pmId = str(body.payment_method);
    if (!bool(body.confirm) || !pmId)
      throw invalid(
        'The test gateway only creates PaymentIntents with confirm=true and a payment_method.',
        'confirm',
      );
    const resolved = resolveMethod(pmId, 'payment_method');
    const pm = resolved.pm;
    if (pm._detached || (pm._used && !pm.customer))
      throw invalid(
        'The provided PaymentMethod was previously used with a PaymentIntent without Customer attachment, shared with a connected account without Customer attachment, or was detached from a Customer. It may not be used again.',
        'payment_method',
      );
    if (pm.customer && pm.customer !== customerId)
      throw invalid(
        customerId
          ? 'The provided PaymentMethod belongs to a different Customer.'
          : 'The provided PaymentMethod was previously attached to a Customer. To use a PaymentMethod that has been attached to a Customer, you must provide the customer ID.',
        'payment_method',
      );
    const outcome = pm._outcome as CardOutcome;
    const id = newObjectId('pi');
    const created = nowSeconds();
    const base = {
      id,
      object: 'payment_intent',
      amount,
      currency,
      customer: customerId,
      payment_method: pm.id,
      description: str(body.description) ?? null,
      metadata: metadataOf(body.metadata),
      created,
      livemode: false,
      confirmation_method: 'automatic',
      capture_method: 'automatic',
      payment_method_types: ['card'],
      _off_session: bool(body.off_session),
    };
    const usedPm = { ...pm, _used: true };
    if (outcome.kind === 'decline') {
      const error = {
        type: 'card_error' as const,
        code: outcome.code,
        decline_code: outcome.declineCode,
        message: outcome.message,
        charge: newObjectId('ch'),
        payment_method: view(pm),
      };
      const pi: Obj = {
        ...base,
        status: 'requires_payment_method',
        amount_received: 0,
        latest_charge: error.charge,
        last_payment_error: error,
      };
      commit([
        { t: 'object', object: usedPm },
        { t: 'object', object: pi },
      ]);
      throw new HttpError(402, {
        type: 'card_error',
        code: outcome.code,
        decline_code: outcome.declineCode,
        message: outcome.message,
        param: '',
        payment_intent: view(pi),
      });
    }
    const pi: Obj = {
      ...base,
      status: 'succeeded',
      amount_received: amount,
      latest_charge: newObjectId('ch'),
      last_payment_error: null,
      _amount_refunded: 0,
    };
    commit([
      { t: 'object', object: usedPm },
      { t: 'object', object: pi },
    ]);
    return pi;
  }

  function createRefund(body: Record<string, unknown>): Obj {
    const piId = str(body.payment_intent);
    if (!piId)
      throw invalid('Missing required param: payment_intent.', 'payment_intent', 'parameter_missing');
    const pi = get('payment_intent', piId, 'payment_intent');
    if (pi.status !== 'succeeded')
      throw invalid(
        `This PaymentIntent (${piId}) does not have a successful charge to refund.`,
        'payment_intent',
      );
    const refunded = Number(pi._amount_refunded ?? 0);
    const remaining = Number(pi.amount_received) - refunded;
    if (remaining <= 0)
      throw invalid(
        `Charge ${String(pi.latest_charge)} has already been refunded.`,
        undefined,
        'charge_already_refunded',
      );
    const amount = body.amount === undefined ? remaining : Number(str(body.amount));
    if (!Number.isInteger(amount) || amount < 1) throw invalid('Invalid positive integer', 'amount');
    if (amount > remaining)
      throw invalid(
        `Refund amount (${amount}) is greater than unrefunded amount on charge (${remaining})`,
        'amount',
        'amount_too_large',
      );
    const refund: Obj = {
      id: newObjectId('re'),
      object: 'refund',
      amount,
      currency: pi.currency,
      payment_intent: pi.id,
      charge: pi.latest_charge,
      status: 'succeeded',
      metadata: metadataOf(body.metadata),
      created: nowSeconds(),
    };
    commit([
      { t: 'object', object: refund },
      { t: 'object', object: { ...pi, _amount_refunded: refunded + amount } },
    ]);
    return refund;
  }

  /** `metadata['key']:'value'` clauses joined by AND: the one search form the adapter uses. */
  function searchPaymentIntents(query: string): Obj[] {
    const clauses = query.split(/\s+AND\s+/i).map((clause) => {
      const m = /^metadata\[['"]([^'"]+)['"]\]:['"]([^'"]*)['"]$/.exec(clause.trim());
      if (!m)
        throw invalid(`The test gateway only searches metadata['key']:'value', got: ${clause}`, 'query');
      return [m[1]!, m[2]!] as const;
    });
    return state.list('payment_intent', (o) =>
      clauses.every(([k, v]) => (o.metadata as Record<string, string>)[k] === v),
    );
  }

  function route(
    method: string,
    path: string,
    query: URLSearchParams,
    body: Record<string, unknown>,
  ): { status: number; body: unknown; endpoint?: 'payment_intents' | 'refunds' } {
    const seg = path.split('/').filter(Boolean);
    if (seg[0] !== 'v1') throw missing('endpoint', path);
    const [, resource, id, action] = seg;
    const ok = (o: unknown, endpoint?: 'payment_intents' | 'refunds') => ({
      status: 200,
      body: o,
      ...(endpoint ? { endpoint } : {}),
    });
    if (resource === 'customers') {
      if (method === 'POST' && !id) {
        const customer: Obj = {
          id: newObjectId('cus'),
          object: 'customer',
          name: str(body.name) ?? null,
          email: str(body.email) ?? null,
          description: str(body.description) ?? null,
          metadata: metadataOf(body.metadata),
          created: nowSeconds(),
          livemode: false,
        };
        commit([{ t: 'object', object: customer }]);
        return ok(view(customer));
      }
      if (method === 'GET' && id) return ok(view(get('customer', id)));
    }
    if (resource === 'payment_methods') {
      if (method === 'POST' && !id) return ok(view(createPaymentMethod(body)));
      if (method === 'GET' && id && !action) {
        const { pm, isNew } = resolveMethod(id, 'id');
        return ok(view(isNew ? { ...pm, id } : pm));
      }
      if (method === 'POST' && id && action === 'attach') return ok(view(attach(id, body)));
      if (method === 'POST' && id && action === 'detach') return ok(view(detach(id)));
    }
    if (resource === 'payment_intents') {
      if (method === 'POST' && !id) return ok(view(createPaymentIntent(body)), 'payment_intents');
      if (method === 'GET' && id === 'search') {
        const found = searchPaymentIntents(query.get('query') ?? '');
        return ok({
          object: 'search_result',
          url: path,
          has_more: false,
          next_page: null,
          data: found.map(view),
        });
      }
      if (method === 'GET' && id) return ok(view(get('payment_intent', id)));
      if (method === 'GET') {
        const customer = query.get('customer');
        return ok(
          listResponse(
            path,
            state.list('payment_intent', (o) => !customer || o.customer === customer),
            query,
          ),
        );
      }
    }
    if (resource === 'refunds') {
      if (method === 'POST' && !id) return ok(view(createRefund(body)), 'refunds');
      if (method === 'GET' && id) return ok(view(get('refund', id)));
      if (method === 'GET') {
        const pi = query.get('payment_intent');
        return ok(
          listResponse(
            path,
            state.list('refund', (o) => !pi || o.payment_intent === pi),
            query,
          ),
        );
      }
    }
    throw new HttpError(404, {
      type: 'invalid_request_error',
      message: `Unrecognized request URL (${method}: ${path}). The test gateway serves only what Billing Center uses.`,
    });
  }

  function send(res: http.ServerResponse, status: number, body: unknown) {
    const text = JSON.stringify(body);
    res.writeHead(status, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(text),
      'request-id': newObjectId('req'),
    });
    res.end(text);
  }

  async function handleRequest(req: http.IncomingMessage, res: http.ServerResponse) {
    // The browser tokenises cards here directly (with the publishable key), from any origin.
    res.setHeader('access-control-allow-origin', '*');
    res.setHeader(
      'access-control-allow-headers',
      'authorization, content-type, idempotency-key, stripe-version',
    );
    res.setHeader('access-control-allow-methods', 'GET, POST, OPTIONS');
    if (req.method === 'OPTIONS') {
      res.writeHead(204);
      res.end();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > 256 * 1024) {
        send(res, 413, { error: { type: 'invalid_request_error', message: 'Request body too large.' } });
        return;
      }
      chunks.push(chunk as Buffer);
    }
    const raw = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://gateway');
    const method = req.method ?? 'GET';
    const auth = req.headers.authorization ?? '';
    const key = auth.startsWith('Bearer ') ? auth.slice(7) : '';
    const isSecret = keyMatches(key, secretKey);
    const isPublishable = keyMatches(key, publishableKey);
    if (!isSecret && !isPublishable) {
      send(res, 401, {
        error: {
          type: 'authentication_error',
          message: 'Invalid API Key provided.',
          code: 'api_key_invalid',
        },
      });
      return;
    }
    if (url.pathname === '/__faults' && isSecret) {
      if (method === 'POST') handle.faults = JSON.parse(raw || '{}') as TestGatewayFaults;
      send(res, 200, handle.faults);
      return;
    }
    if (!isSecret && !(method === 'POST' && url.pathname === '/v1/payment_methods')) {
      send(res, 403, {
        error: {
          type: 'invalid_request_error',
          code: 'secret_key_required',
          message: 'This API call cannot be made with a publishable API key.',
        },
      });
      return;
    }
    const body = method === 'POST' ? parseForm(raw) : {};
    const idempotencyKey = method === 'POST' ? req.headers['idempotency-key'] : undefined;
    const scope = typeof idempotencyKey === 'string' && idempotencyKey ? `${key}:${idempotencyKey}` : null;
    const fingerprint = `${method} ${url.pathname} ${[...new URLSearchParams(raw)]
      .map((p) => p.join('='))
      .sort()
      .join('&')}`;
    const endpointOf = (): 'payment_intents' | 'refunds' | undefined =>
      method !== 'POST'
        ? undefined
        : url.pathname === '/v1/payment_intents'
          ? 'payment_intents'
          : url.pathname === '/v1/refunds'
            ? 'refunds'
            : undefined;
    let result: { status: number; body: unknown; endpoint?: 'payment_intents' | 'refunds' | undefined };
    const stored = scope ? state.idempotency.get(scope) : undefined;
    if (scope && stored) {
      if (stored.fingerprint !== fingerprint) {
        send(res, 400, {
          error: {
            type: 'idempotency_error',
            message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${String(idempotencyKey)}' if you meant to execute a different request.`,
          },
        });
        return;
      }
      res.setHeader('idempotent-replayed', 'true');
      // The stored answer may still be in the write under way: never answer before it is on disk.
      await ledger.flushed();
      result = { status: stored.status, body: stored.body, endpoint: endpointOf() };
    } else {
      // No "key in use" state: a request runs from this check to its ledger write without
      // yielding, so a concurrent twin always finds the stored answer.
      pending = [];
      try {
        result = route(method, url.pathname, url.searchParams, body);
      } catch (error) {
        if (!(error instanceof HttpError)) throw error;
        result = { status: error.status, body: { error: error.body }, endpoint: endpointOf() };
      }
      // A validation error before anything happened is not stored (Stripe does the same for
      // 400s), so a corrected retry with the same key can go through.
      if (scope && result.status !== 400 && result.status !== 404) {
        commit([{ t: 'idempotency', scope, fingerprint, status: result.status, body: result.body }]);
      }
      const entries = pending;
      pending = [];
      await ledger.append(entries);
    }
    {
      const faults = handle.faults;
      if (faults.delayMs) await new Promise((r) => setTimeout(r, faults.delayMs));
      const fail = faults.failAfterRecord;
      if (
        fail &&
        fail.count > 0 &&
        result.endpoint &&
        fail.endpoints.includes(result.endpoint) &&
        result.status < 500
      ) {
        fail.count--;
        if (fail.mode === 'drop') {
          req.socket.destroy();
          return;
        }
        send(res, 500, {
          error: { type: 'api_error', message: 'An unexpected error occurred (test gateway fault).' },
        });
        return;
      }
      send(res, result.status, result.body);
    }
  }

  const server = http.createServer((req, res) => {
    handleRequest(req, res).catch((error: unknown) => {
      if (!res.headersSent)
        send(res, 500, {
          error: { type: 'api_error', message: error instanceof Error ? error.message : String(error) },
        });
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  handle.port = address.port;
  handle.url = `http://${options.host ?? '127.0.0.1'}:${address.port}`;
  handle.close = () =>
    new Promise<void>((resolve) => {
      server.close(() => {
        void ledger.close().then(resolve);
      });
      server.closeAllConnections();
    });
  return handle;
}
