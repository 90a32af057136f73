import type { FastifySchemaValidationError } from 'fastify';
import { de, en, fr, zhCN } from 'zod/locales';
import { safeParse, type $ZodIssue, type $ZodRawIssue, type $ZodType } from 'zod/v4/core';
import { uiLocales, type UiLocale } from '../shared/locale.js';
import { localized, renderMessage, schemaMessageOf, type Localized } from '../shared/messages/index.js';

/**
 * Schema validation whose problems speak the reader's language. zod writes an issue's message in
 * English while parsing, before anyone knows who reads the answer; the raw issue (code, expected,
 * minimum…) is kept with it, and the problem renders it per locale with zod's own locale error
 * maps. Messages our schemas write themselves come from the message catalogs (`schemaMessage`)
 * and are rendered from them; any other written message is kept as written (docs/messages.md).
 */

// Same marker as fastify-type-provider-zod, so `hasZodFastifySchemaValidationErrors` still knows them.
const zodValidationMarker = Symbol.for('ZodFastifySchemaValidationError');

type ErrorMap = (issue: $ZodRawIssue) => string | { message: string } | undefined | null;

/**
 * zod's German and Chinese maps name only a few types in their language ("erwartet string,
 * erhalten Zahl", "期望 string"); these are the rest, in the words of Microsoft's admin center
 * (Zeichenfolge, 字符串), in zod's own sentence. A class name (`instanceof Date`) is left to zod.
 */
const typeNames: Partial<
  Record<UiLocale, { names: Record<string, string>; say: (e: string, r: string) => string }>
> = {
  'de-DE': {
    names: {
      string: 'Zeichenfolge',
      number: 'Zahl',
      int: 'ganze Zahl',
      boolean: 'boolescher Wert',
      bigint: 'große Ganzzahl',
      object: 'Objekt',
      array: 'Array',
      date: 'Datum',
      nan: 'NaN',
    },
    say: (e, r) => `Ungültige Eingabe: erwartet ${e}, erhalten ${r}`,
  },
  'zh-CN': {
    names: {
      string: '字符串',
      number: '数字',
      int: '整数',
      boolean: '布尔值',
      bigint: '大整数',
      object: '对象',
      array: '数组',
      date: '日期',
      nan: 'NaN',
      null: '空值(null)',
    },
    say: (e, r) => `无效输入：期望 ${e}，实际接收 ${r}`,
  },
};

/** The type zod reports as "received" (its `util.parsedType`, for the stand-in values above). */
function receivedType(input: unknown): string {
  if (input === null) return 'null';
  if (Array.isArray(input)) return 'array';
  if (typeof input === 'number' && Number.isNaN(input)) return 'nan';
  return typeof input;
}

function withTypeNames(locale: UiLocale, map: ErrorMap): ErrorMap {
  const words = typeNames[locale];
  if (!words) return map;
  return (issue) => {
    if (issue.code !== 'invalid_type' || /^[A-Z]/.test(String(issue.expected))) return map(issue);
    const expected = String(issue.expected);
    const received = receivedType(issue.input);
    return words.say(words.names[expected] ?? expected, words.names[received] ?? received);
  };
}

const localeErrors: Record<UiLocale, ErrorMap> = {
  'en-US': en().localeError as ErrorMap,
  'fr-FR': fr().localeError as ErrorMap,
  'de-DE': withTypeNames('de-DE', de().localeError as ErrorMap),
  'zh-CN': withTypeNames('zh-CN', zhCN().localeError as ErrorMap),
};

/**
 * A value of the same kind as the input, for the locale maps' "received string": the request's own
 * value (a password too short, a card number) never stays in the error.
 */
function standIn(input: unknown): unknown {
  if (input === null || input === undefined) return input;
  if (Array.isArray(input)) return [];
  switch (typeof input) {
    case 'number':
      return Number.isNaN(input) ? Number.NaN : 0;
    case 'string':
      return '';
    case 'boolean':
      return false;
    case 'bigint':
      return 0n;
    case 'object':
      return {};
    default:
      return undefined;
  }
}

function withoutInput(issue: $ZodIssue): $ZodIssue {
  const copy: Record<string, unknown> = { ...issue };
  if ('input' in issue) copy.input = standIn(issue.input);
  if ('errors' in issue && Array.isArray(issue.errors)) {
    copy.errors = (issue.errors as $ZodIssue[][]).map((list) => list.map(withoutInput));
  }
  // invalid_key / invalid_element carry the issues of the key or element, with their inputs.
  if ('issues' in issue && Array.isArray(issue.issues)) {
    copy.issues = (issue.issues as $ZodIssue[]).map(withoutInput);
  }
  return copy as unknown as $ZodIssue;
}

/** What fastify receives: its validation entries, each keeping the issue's fields in `params`. */
function validationEntries(issues: readonly $ZodIssue[]): FastifySchemaValidationError[] {
  return issues.map((raw) => {
    const { path, code, message, ...rest } = withoutInput(raw);
    return {
      [zodValidationMarker]: true,
      keyword: code,
      instancePath: `/${path.join('/')}`,
      schemaPath: `#/${path.join('/')}/${code}`,
      message,
      params: rest,
    } as FastifySchemaValidationError;
  });
}

/** fastify-type-provider-zod's validator, parsing with the input reported so it can be described. */
export function zodValidator(schema: $ZodType) {
  return (data: unknown) => {
    const result = safeParse(schema, data, { reportInput: true });
    if (result.error) return { error: validationEntries(result.error.issues) };
    return { value: result.data };
  };
}

function render(map: ErrorMap, issue: $ZodRawIssue): string | undefined {
  const out = map(issue);
  return typeof out === 'string' ? out : (out?.message ?? undefined);
}

/**
 * One validation entry's message in every language. A message of our catalogs given to a schema
 * (`schemaMessage`) is rendered from them; zod's English default by each locale's map; any other
 * message written in a schema stays as written.
 */
export function issueMessage(entry: FastifySchemaValidationError): Localized {
  const english = entry.message ?? 'Invalid input';
  const issue = {
    ...(entry.params as Record<string, unknown>),
    code: entry.keyword,
    path: entry.instancePath.split('/').filter(Boolean),
    message: english,
  } as unknown as $ZodRawIssue;
  const own = schemaMessageOf(english);
  const text: Partial<Record<UiLocale, string>> = {};
  if (own) {
    for (const locale of uiLocales) text[locale] = renderMessage(own, locale);
    return localized(text, english);
  }
  if (render(localeErrors['en-US'], issue) !== english) return localized({ 'en-US': english }, english);
  for (const locale of uiLocales) text[locale] = render(localeErrors[locale], issue) ?? english;
  return localized(text, english);
}

/** "path: message; path: message" with each language's own punctuation. */
export function issuesSummary(errors: readonly { path: string; message: Localized }[]): Localized {
  const style: Record<UiLocale, { colon: string; separator: string }> = {
    'en-US': { colon: ': ', separator: '; ' },
    'fr-FR': { colon: ' : ', separator: ' ; ' },
    'de-DE': { colon: ': ', separator: '; ' },
    'zh-CN': { colon: '：', separator: '；' },
  };
  const text: Partial<Record<UiLocale, string>> = {};
  for (const locale of uiLocales) {
    const { colon, separator } = style[locale];
    text[locale] = errors
      .map((e) => `${e.path}${colon}${e.message.text[locale] ?? e.message.fallback}`)
      .join(separator);
  }
  return localized(text, text['en-US']);
}
