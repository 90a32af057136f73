import { readFile } from 'node:fs/promises';
import { LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { currencies } from '../../shared/money.js';
import {
  allowedOffers,
  catalogDocumentSchema,
  CatalogValidationError,
  requiredLocales,
  type CatalogDocument,
  type CatalogProblem,
  type CatalogValidation,
} from './catalog.types.js';

type PathSegment = string | number;

/** `['products', 3, 'offers', 1, 'prices', 'EUR']` → `products[3].offers[1].prices.EUR`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out ? `.${String(segment)}` : String(segment);
  }
  return out || '(document)';
}

function zodProblems(error: z.ZodError): { path: PathSegment[]; message: string }[] {
  const problems: { path: PathSegment[]; message: string }[] = [];
  for (const issue of error.issues) {
    const path = issue.path.filter((p): p is PathSegment => typeof p !== 'symbol');
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys)
        problems.push({ path: [...path, key], message: 'unknown field (misspelt?)' });
      continue;
    }
    const missing = /^Invalid input: expected (\w+), received undefined$/.exec(issue.message);
    problems.push({ path, message: missing ? `required (expected ${missing[1]})` : issue.message });
  }
  return problems;
}

/**
 * The rules a schema cannot express: references between products, bounds, currencies.
 * Paths are arrays so that the caller can find their line in the source text.
 */
function crossCheck(doc: CatalogDocument): { path: PathSegment[]; message: string }[] {
  const problems: { path: PathSegment[]; message: string }[] = [];
  const add = (path: PathSegment[], message: string) => problems.push({ path, message });

  const firstIndex = new Map<string, number>();
  doc.products.forEach((product, i) => {
    const seen = firstIndex.get(product.id);
    if (seen === undefined) firstIndex.set(product.id, i);
    else add(['products', i, 'id'], `duplicate id "${product.id}" (already used by products[${seen}])`);
  });
  const byId = new Map(doc.products.map((p) => [p.id, p]));

  doc.products.forEach((product, i) => {
    const at = (...rest: PathSegment[]): PathSegment[] => ['products', i, ...rest];

    if (product.minQuantity > product.maxQuantity) {
      add(
        at('maxQuantity'),
        `must be at least minQuantity (${product.minQuantity}), got ${product.maxQuantity}`,
      );
    }
    const seenClouds = new Set<string>();
    product.clouds.forEach((cloud, c) => {
      if (seenClouds.has(cloud)) add(at('clouds', c), `"${cloud}" is listed twice`);
      seenClouds.add(cloud);
    });
    for (const field of ['names', 'descriptions'] as const) {
      for (const locale of Object.keys(product[field])) {
        if (!/^[a-z]{2}-[A-Z]{2}$/.test(locale)) {
          add(at(field, locale), `"${locale}" is not a locale such as ${requiredLocales.join(' or ')}`);
        }
      }
    }

    switch (product.kind) {
      case 'base':
        if (product.addonKind !== undefined)
          add(at('addonKind'), 'only add-ons have an addonKind; remove it or set kind: addon');
        if (product.availableWith !== undefined) {
          add(
            at('availableWith'),
            'only add-ons list the base plans they need; remove it or set kind: addon',
          );
        }
        break;
      case 'addon': {
        if (product.addonKind === undefined)
          add(at('addonKind'), 'required for an add-on: traditional or standalone');
        const required = product.availableWith ?? [];
        if (required.length === 0) {
          add(at('availableWith'), 'an add-on must list at least one base plan it is available with');
        }
        const seen = new Set<string>();
        required.forEach((baseId, k) => {
          const target = byId.get(baseId);
          if (seen.has(baseId)) add(at('availableWith', k), `"${baseId}" is listed twice`);
          else if (!target) add(at('availableWith', k), `no product has the id "${baseId}"`);
          else if (target.kind !== 'base')
            add(at('availableWith', k), `"${baseId}" is an add-on, not a base plan`);
          seen.add(baseId);
        });
        // An add-on sold where none of its base plans is sold could never be bought.
        product.clouds.forEach((cloud, c) => {
          const sellable = required.some((baseId) => byId.get(baseId)?.clouds.includes(cloud));
          if (required.length > 0 && !sellable) {
            add(at('clouds', c), `sold in ${cloud}, but none of the base plans it needs is sold there`);
          }
        });
        break;
      }
      default: {
        const never: never = product.kind;
        throw new Error(`unknown product kind ${String(never)}`);
      }
    }

    const seenOffers = new Map<string, number>();
    product.offers.forEach((offer, j) => {
      const key = `${offer.commitment}/${offer.billingFrequency}`;
      const allowed = allowedOffers.some(
        (a) => a.commitment === offer.commitment && a.billingFrequency === offer.billingFrequency,
      );
      if (!allowed) {
        add(
          at('offers', j, 'billingFrequency'),
          `a ${offer.commitment} commitment cannot be billed ${offer.billingFrequency}; allowed: ` +
            allowedOffers.map((a) => `${a.commitment}/${a.billingFrequency}`).join(', '),
        );
      }
      const previous = seenOffers.get(key);
      if (previous !== undefined)
        add(at('offers', j), `the ${key} offer is already defined by offers[${previous}]`);
      else seenOffers.set(key, j);
      for (const currency of currencies) {
        if (!(currency in offer.prices)) {
          add(
            at('offers', j, 'prices', currency),
            `missing; every offer needs ${currencies.join(', ').replace(/, (\w+)$/, ' and $1')} prices`,
          );
        }
      }
      for (const currency of Object.keys(offer.prices)) {
        if (!(currencies as readonly string[]).includes(currency)) {
          add(at('offers', j, 'prices', currency), `unknown currency; use ${currencies.join(', ')}`);
        }
      }
    });
  });

  if (!('default' in doc.taxRates)) {
    add(['taxRates'], 'needs a "default" rate for countries not listed (e.g. default: 0)');
  }
  for (const country of Object.keys(doc.taxRates)) {
    if (country !== 'default' && !/^[A-Z]{2}$/.test(country)) {
      add(['taxRates', country], 'expected an ISO 3166-1 alpha-2 country code such as FR, or "default"');
    }
  }
  return problems;
}

/** Validates an already-parsed catalog (e.g. a JSON request body). */
export function validateCatalogValue(
  value: unknown,
  locate?: (path: PathSegment[]) => number | undefined,
): CatalogValidation {
  const toProblem = (p: { path: PathSegment[]; message: string }): CatalogProblem => {
    const line = locate?.(p.path);
    return line === undefined
      ? { path: formatPath(p.path), message: p.message }
      : { path: formatPath(p.path), message: p.message, line };
  };
  const parsed = catalogDocumentSchema.safeParse(value);
  if (!parsed.success) return { ok: false, problems: zodProblems(parsed.error).map(toProblem) };
  const problems = crossCheck(parsed.data);
  if (problems.length > 0) return { ok: false, problems: problems.map(toProblem) };
  return { ok: true, document: parsed.data };
}

function lineLocator(doc: Document, lineCounter: LineCounter) {
  return (path: PathSegment[]): number | undefined => {
    // The nearest node that exists: a missing key is reported on its parent's line.
    for (let n = path.length; n >= 0; n--) {
      const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
      const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
      if (range) return lineCounter.linePos(range[0]).line;
    }
    return undefined;
  };
}

/** Parses YAML (or JSON, which is YAML) text and validates it. */
export function parseCatalogText(text: string): CatalogValidation {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      problems: doc.errors.map((e) => {
        const line = e.linePos?.[0]?.line;
        const message = `YAML syntax: ${e.message.split('\n')[0]}`;
        return line === undefined ? { path: '(document)', message } : { path: '(document)', message, line };
      }),
    };
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    return { ok: false, problems: [{ path: '(document)', message: `YAML: ${(error as Error).message}` }] };
  }
  return validateCatalogValue(value, lineLocator(doc, lineCounter));
}

/**
 * Reads and validates a catalog file without touching the database.
 *
 * @example
 * const result = await validateCatalogFile('catalog/default.yaml');
 * if (!result.ok) for (const p of result.problems) console.error(`${p.path}: ${p.message}`);
 */
export async function validateCatalogFile(file: string): Promise<CatalogValidation> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    return {
      ok: false,
      problems: [{ path: '(file)', message: `cannot read the file: ${(error as Error).message}` }],
    };
  }
  return parseCatalogText(text);
}

/**
 * Reads a catalog file; throws a {@link CatalogValidationError} naming the file, and the path
 * and line of every problem, when it is not valid.
 *
 * @example
 * const catalog = await loadCatalogFile('catalog/default.yaml');
 * catalog.products.length; // 28
 */
export async function loadCatalogFile(file: string): Promise<CatalogDocument> {
  const result = await validateCatalogFile(file);
  if (!result.ok) throw new CatalogValidationError(file, result.problems);
  return result.document;
}
