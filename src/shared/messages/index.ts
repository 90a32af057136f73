/**
 * Typed message catalogs: every sentence the server says (problem titles, details, hints) is a
 * message id with named parameters, rendered in the reader's language at the edge (HTTP problem,
 * CLI). `en-US.ts` defines the ids and their parameters; every other locale must implement all of
 * them (`LocaleCatalog`), and `catalogs` must list every `UiLocale`, so the compiler rejects a
 * missing message or language. How to add one: docs/messages.md.
 */
import { defaultLocale, textIn, type UiLocale } from '../locale.js';
import { deDE } from './de-DE.js';
import { enUS, enUSMessages } from './en-US.js';
import { messageFormat } from './format.js';
import { frFR } from './fr-FR.js';
import { Localized, Message, type BuilderArgs } from './message.js';
import type { LocaleCatalog, MessageCatalog, MessageId } from './types.js';
import { zhCN } from './zh-CN.js';

export { Localized, Message, localized, reviveMessages } from './message.js';
export type { LocaleCatalog, MessageCatalog, MessageId } from './types.js';
export { messageFormat, type MessageFormat } from './format.js';

export const catalogs: Record<UiLocale, LocaleCatalog> = {
  'en-US': enUS,
  'fr-FR': frFR,
  'de-DE': deDE,
  'zh-CN': zhCN,
};

type Builders = { [K in MessageId]: (...args: BuilderArgs<MessageCatalog[K]>) => Message<K> };

/**
 * Message builders, one per id: `msg.quantityOutOfBounds({ product: localized(names), min, max })`.
 * Parameters are checked against the English template's.
 */
export const msg = Object.fromEntries(
  Object.keys(enUSMessages).map((id) => [
    id,
    (params?: Record<string, unknown>) => new Message(id, params ?? {}),
  ]),
) as unknown as Builders;

function resolve(value: unknown, locale: UiLocale): unknown {
  if (value instanceof Message) return renderMessage(value, locale);
  if (value instanceof Localized) return textIn(value.text, locale, value.fallback);
  if (Array.isArray(value)) return value.map((v) => resolve(v, locale));
  return value;
}

/** The message in a locale: localized parameters and nested messages resolved for that reader. */
export function renderMessage(message: Message, locale: UiLocale = defaultLocale): string {
  const messages = catalogs[locale].messages as unknown as Record<
    string,
    ((params: Record<string, unknown>, format: ReturnType<typeof messageFormat>) => string) | undefined
  >;
  const template =
    messages[message.id] ?? (catalogs[defaultLocale].messages as unknown as typeof messages)[message.id];
  if (!template) return message.id;
  const params = Object.fromEntries(Object.entries(message.params).map(([k, v]) => [k, resolve(v, locale)]));
  return template(params, messageFormat(locale));
}

export function problemTitle(code: keyof LocaleCatalog['titles'], locale: UiLocale = defaultLocale): string {
  return catalogs[locale].titles[code];
}

/** A value with every message inside rendered for the reader (problem details, item problems). */
export function renderDeep(value: unknown, locale: UiLocale): unknown {
  if (value instanceof Message) return renderMessage(value, locale);
  if (value instanceof Localized) return textIn(value.text, locale, value.fallback);
  if (Array.isArray(value)) return value.map((v) => renderDeep(v, locale));
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, renderDeep(v, locale)]));
  }
  return value;
}

/** Our own zod messages, by the English text zod is given (see `schemaMessage`). */
const schemaMessages = new Map<string, Message>();

/**
 * A message for a zod check of our own (`.regex(re, schemaMessage(msg.schemaCountryCode()))`):
 * zod gets the English text, since it writes an issue's message while parsing, before the reader
 * is known; the text is remembered with its message so that the problem can be rendered in the
 * reader's language (`schemaMessageOf`, used by src/http/validation.ts).
 */
export function schemaMessage(message: Message): string {
  const english = renderMessage(message, defaultLocale);
  const known = schemaMessages.get(english);
  // One English text, one message: two that read alike in English could differ elsewhere.
  if (known && known.id !== message.id) {
    throw new Error(`Schema messages ${known.id} and ${message.id} have the same English text`);
  }
  schemaMessages.set(english, message);
  return english;
}

/** The message a zod issue's English text came from, when it came from `schemaMessage`. */
export function schemaMessageOf(english: string): Message | undefined {
  return schemaMessages.get(english);
}
