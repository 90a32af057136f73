import type { UiLocale } from '../locale.js';

/**
 * What a message template may use besides its parameters: the reader's locale and formatting
 * through `Intl`, so numbers and lists read naturally in every language.
 */
export interface MessageFormat {
  readonly locale: UiLocale;
  /** "A, B or C" in the reader's language. */
  or(items: readonly string[]): string;
  /** "A, B and C" in the reader's language. */
  and(items: readonly string[]): string;
  /** An integer or decimal with the reader's grouping. */
  number(value: number): string;
  /** An amount in minor units (cents) as money in the reader's format. */
  money(minor: number, currency: string): string;
}

const minorDigits: Partial<Record<string, number>> = { USD: 2, EUR: 2, CNY: 2, JPY: 0 };

export function messageFormat(locale: UiLocale): MessageFormat {
  return {
    locale,
    or: (items) => new Intl.ListFormat(locale, { type: 'disjunction' }).format(items),
    and: (items) => new Intl.ListFormat(locale, { type: 'conjunction' }).format(items),
    number: (value) => new Intl.NumberFormat(locale).format(value),
    money: (minor, currency) =>
      new Intl.NumberFormat(locale, { style: 'currency', currency }).format(
        minor / 10 ** (minorDigits[currency] ?? 2),
      ),
  };
}
