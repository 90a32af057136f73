import { lookup as dnsLookup } from 'node:dns';
import { promises as dns } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import type { Config } from '../../config.js';

/**
 * Where a webhook may be sent (SSRF defence, docs/webhooks.md): never to the instance itself,
 * its private network or the cloud's metadata service, unless the operator says so.
 */
export interface WebhookNetworkPolicy {
  /** BILLING_CENTER_WEBHOOKS_ALLOW_LOCALHOST: loopback addresses (and plain http to them). */
  allowLoopback: boolean;
  /** BILLING_CENTER_WEBHOOKS_ALLOW_PRIVATE_NETWORKS: private, link-local and other non-public ranges. */
  allowPrivate: boolean;
}

const loopback = new BlockList();
loopback.addSubnet('127.0.0.0', 8, 'ipv4');
loopback.addAddress('::1', 'ipv6');

const nonPublic = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  nonPublic.addSubnet(net, prefix, 'ipv4');
}
for (const [net, prefix] of [
  ['::', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
  ['2001:db8::', 32],
] as const) {
  nonPublic.addSubnet(net, prefix, 'ipv6');
}

/** The config's webhook network rules (docs/webhooks.md, "Where webhooks may go"). */
export function webhookNetworkPolicy(config: Config): WebhookNetworkPolicy {
  return {
    allowLoopback: config.webhooksAllowLocalhost || config.webhooksAllowPrivateNetworks,
    allowPrivate: config.webhooksAllowPrivateNetworks,
  };
}

export type AddressKind = 'public' | 'loopback' | 'private';

/** What an IP address is, IPv4-mapped and NAT64 IPv6 addresses judged by the IPv4 inside. */
export function addressKind(address: string): AddressKind {
  let ip = address.replace(/^\[|\]$/g, '');
  const mapped = /^(?:::ffff:|64:ff9b::)(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) ip = mapped[1]!;
  const family = isIP(ip);
  if (family === 0) return 'private';
  const type = family === 4 ? 'ipv4' : 'ipv6';
  if (loopback.check(ip, type)) return 'loopback';
  if (nonPublic.check(ip, type)) return 'private';
  // IPv4-mapped written in hex (::ffff:7f00:1) and other IPv6 forms of IPv4 space.
  if (type === 'ipv6' && /^::ffff:/i.test(ip)) return 'private';
  return 'public';
}

export function addressAllowed(kind: AddressKind, policy: WebhookNetworkPolicy): boolean {
  if (kind === 'public') return true;
  if (policy.allowPrivate) return true;
  return kind === 'loopback' && policy.allowLoopback;
}

function isLocalhostName(host: string): boolean {
  const h = host.toLowerCase().replace(/\.$/, '');
  return h === 'localhost' || h.endsWith('.localhost');
}

/**
 * The kind of the worst address a URL's host stands for: an IP literal as written, a name by
 * what DNS answers now. `undefined` when the name does not resolve (checked again at delivery).
 */
export async function hostKind(hostname: string): Promise<AddressKind | undefined> {
  const host = hostname.replace(/^\[|\]$/g, '');
  if (isIP(host)) return addressKind(host);
  if (isLocalhostName(host)) return 'loopback';
  let answers: { address: string }[];
  try {
    answers = await dns.lookup(host, { all: true, verbatim: true });
  } catch {
    return undefined;
  }
  const kinds = answers.map((a) => addressKind(a.address));
  if (kinds.includes('private')) return 'private';
  if (kinds.includes('loopback')) return 'loopback';
  return kinds.length ? 'public' : undefined;
}

export class WebhookAddressRefused extends Error {
  constructor(address: string) {
    super(`refused to connect to ${address}: not a public address (SSRF protection)`);
    this.name = 'WebhookAddressRefused';
  }
}

/**
 * A DNS lookup for the delivery's own connection that refuses non-public answers: the address
 * checked is the address connected to, so a name that changes its answer between registration
 * and delivery (DNS rebinding) cannot reach the private network.
 */
function guardedLookup(policy: WebhookNetworkPolicy): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '', 0);
      const list = addresses as unknown as { address: string; family: number }[];
      const refused = list.find((a) => !addressAllowed(addressKind(a.address), policy));
      if (refused || list.length === 0) {
        return callback(new WebhookAddressRefused(refused?.address ?? hostname), '', 0);
      }
      if (options.all) return (callback as unknown as (e: null, a: typeof list) => void)(null, list);
      const first = list[0]!;
      callback(null, first.address, first.family);
    });
  };
}

export interface WebhookResponse {
  status: number;
  body: string;
}

/**
 * POSTs one delivery with the address guard: IP literals are checked here, names in the
 * connection's own lookup. No redirects are followed (a 3xx is the receiver's answer).
 */
export async function postWebhook(
  rawUrl: string,
  headers: Record<string, string>,
  body: string,
  options: { policy: WebhookNetworkPolicy; timeoutMs: number; maxBodyBytes: number },
): Promise<WebhookResponse> {
  const url = new URL(rawUrl);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host) && !addressAllowed(addressKind(host), options.policy)) throw new WebhookAddressRefused(host);
  if (!isIP(host) && isLocalhostName(host) && !addressAllowed('loopback', options.policy)) {
    throw new WebhookAddressRefused(host);
  }
  const client = url.protocol === 'https:' ? https : http;
  return new Promise<WebhookResponse>((resolve, reject) => {
    const request = client.request(
      url,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        lookup: guardedLookup(options.policy),
        timeout: options.timeoutMs,
        agent: false,
      },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          if (size < options.maxBodyBytes) chunks.push(chunk);
          size += chunk.length;
        });
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            body: Buffer.concat(chunks).toString('utf8').slice(0, options.maxBodyBytes),
          }),
        );
        response.on('error', reject);
      },
    );
    const deadline = setTimeout(
      () => request.destroy(new Error(`no answer within ${options.timeoutMs} ms`)),
      options.timeoutMs,
    );
    request.on('timeout', () => request.destroy(new Error(`no answer within ${options.timeoutMs} ms`)));
    request.on('error', (error) => {
      clearTimeout(deadline);
      reject(error);
    });
    request.on('close', () => clearTimeout(deadline));
    request.end(body);
  });
}
