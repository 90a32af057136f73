import type { LocalizedText } from '../../db/schema.js';
import type { Executor } from '../../db/executor.js';
import { textIn, type UiLocale } from '../../shared/locale.js';
import { getProduct } from '../catalog/index.js';
import type { AuditParams } from '../audit/index.js';
import { auditWords, describedAuditActions, type DescribedAuditAction } from './audit.catalog.js';
import { recordWords, type RecordFormat } from './records.catalog.js';
import { isStoredRecord, type StoredRecord } from './record.types.js';

/** Product names by product id, in every catalog language. */
export type ProductNames = ReadonlyMap<string, LocalizedText>;

/**
 * Intl formatters by locale, made once: building one costs ~0.3 ms of CPU, which every order
 * paid (its lines' records are rendered in English as their stored fallback).
 */
const formatters = new Map<UiLocale, { numbers: Intl.NumberFormat; dates: Intl.DateTimeFormat }>();

function formattersOf(locale: UiLocale) {
  let f = formatters.get(locale);
  if (!f) {
    f = {
      numbers: new Intl.NumberFormat(locale),
      dates: new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }),
    };
    formatters.set(locale, f);
  }
  return f;
}

export function recordFormat(locale: UiLocale, names: ProductNames): RecordFormat {
  const { numbers, dates } = formattersOf(locale);
  return {
    product: (id) => {
      const n = names.get(id);
      return n ? textIn(n, locale, id) : id;
    },
    number: (n) => numbers.format(n),
    date: (iso) => dates.format(new Date(iso)),
  };
}

/**
 * A record in the reader's language. A row without a record (or one this version cannot read)
 * shows its stored text: the fallback is what was written when it was made.
 */
export function renderRecord(
  value: unknown,
  locale: UiLocale,
  names: ProductNames,
  fallback: string,
): string {
  if (!isStoredRecord(value)) return fallback;
  const words = recordWords[locale];
  const render = words.records[value.kind] as (
    p: StoredRecord['params'],
    f: RecordFormat,
    w: typeof words,
  ) => string;
  try {
    return render(value.params, recordFormat(locale, names), words);
  } catch {
    // A record whose params are not what its kind needs (hand-edited, older shape) still reads.
    return fallback;
  }
}

/**
 * A line's record with its English text, stored beside it as the fallback for readers that
 * know only the text (older clients, webhooks, exports).
 */
export function describedRecord(
  rec: StoredRecord,
  names: ProductNames,
): { record: StoredRecord; description: string } {
  return { record: rec, description: renderRecord(rec, 'en-US', names, rec.kind) };
}

/** Names of one product, for a write site that already has the product at hand. */
export function namesOf(product: { id: string; names: LocalizedText }): ProductNames {
  return new Map([[product.id, product.names]]);
}

/** Names of the products some records mention, read once per distinct id. */
export async function loadProductNames(db: Executor, productIds: Iterable<string>): Promise<ProductNames> {
  const names = new Map<string, LocalizedText>();
  for (const id of new Set(productIds)) {
    const product = await getProduct(db, id);
    if (product) names.set(id, product.names);
  }
  return names;
}

/** Product ids a record (or an audit entry's params) mentions, to load their names. */
export function productIdOf(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const params = 'params' in value ? (value as { params: unknown }).params : value;
  if (typeof params !== 'object' || params === null) return undefined;
  const id = (params as { productId?: unknown }).productId;
  return typeof id === 'string' ? id : undefined;
}

function isDescribed(action: string): action is DescribedAuditAction {
  return (describedAuditActions as readonly string[]).includes(action);
}

/**
 * An audit entry in the reader's language. An action ending in `.cascade` (an add-on ended with
 * its base) reads like the action, marked; an action the catalog does not list names the kind
 * of thing it changed and the action's code.
 */
export function renderAudit(
  entry: { action: string; entityType: string; params: AuditParams },
  locale: UiLocale,
  names: ProductNames,
): string {
  const words = auditWords[locale];
  const f = recordFormat(locale, names);
  const cascade = entry.action.endsWith('.cascade');
  const action = cascade ? entry.action.slice(0, -'.cascade'.length) : entry.action;
  if (isDescribed(action)) return words.actions[action](entry.params, f) + (cascade ? words.cascade : '');
  return `${words.entities[entry.entityType] ?? entry.entityType}: ${entry.action}`;
}
