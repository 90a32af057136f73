/**
 * The languages the server speaks: problem messages, stored records rendered for a reader,
 * mail, invoices. The admin center speaks the same four. A new language is a catalog file per
 * area plus an entry here; the compiler then lists every catalog still missing it.
 */
export const uiLocales = ['en-US', 'fr-FR', 'de-DE', 'zh-CN'] as const;
export type UiLocale = (typeof uiLocales)[number];

export const defaultLocale: UiLocale = 'en-US';

export function isUiLocale(value: unknown): value is UiLocale {
  return typeof value === 'string' && (uiLocales as readonly string[]).includes(value);
}

/**
 * The supported locale a language tag asks for: an exact tag first, then its primary language
 * ("de-AT" and "de" read German, "zh-Hans-CN" and "zh" read Simplified Chinese). Undefined when
 * the language is not one the server speaks, so the caller can try its next preference.
 */
export function matchLocale(tag: string | undefined | null): UiLocale | undefined {
  if (!tag) return undefined;
  const lower = tag.trim().toLowerCase();
  const exact = uiLocales.find((l) => l.toLowerCase() === lower);
  if (exact) return exact;
  const primary = lower.split(/[-_]/)[0];
  return uiLocales.find((l) => l.slice(0, 2).toLowerCase() === primary);
}

/**
 * The best supported locale for an Accept-Language header (RFC 9110 §12.5.4: quality values,
 * most preferred first; `*` and unknown languages skipped). Undefined when nothing matches.
 */
export function localeFromAcceptLanguage(header: string | undefined | null): UiLocale | undefined {
  if (!header) return undefined;
  const ranked = header
    .split(',')
    .map((part, index) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { tag: (tag ?? '').trim(), q: q ? Number(q.slice(2)) : 1, index };
    })
    .filter((x) => x.tag && x.tag !== '*' && Number.isFinite(x.q) && x.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const { tag } of ranked) {
    const match = matchLocale(tag);
    if (match) return match;
  }
  return undefined;
}

/**
 * The reader's locale: what they asked for explicitly (a `lang` parameter, their own setting),
 * then the request's Accept-Language, then the tenant's locale, then English. Each argument may
 * be missing or unsupported; the first supported one wins.
 */
export function pickLocale(...candidates: (string | undefined | null)[]): UiLocale {
  for (const c of candidates) {
    const match = matchLocale(c);
    if (match) return match;
  }
  return defaultLocale;
}

/** A text in several locales (catalog names, descriptions): the reader's, else English, else any. */
export function textIn(text: Partial<Record<string, string>>, locale: UiLocale, fallback = ''): string {
  return (
    text[locale] ??
    text[locale.slice(0, 2)] ??
    text['en-US'] ??
    text.en ??
    Object.values(text).find(Boolean) ??
    fallback
  );
}
