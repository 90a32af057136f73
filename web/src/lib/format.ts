import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';

/** Amounts are integer minor units; the currency says how many digits a major unit has. */
export function formatMoney(minor: number, currency: string, locale: string): string {
  const format = new Intl.NumberFormat(locale, { style: 'currency', currency });
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(minor / 10 ** digits);
}

/** Integer minor units as a number of major units (for charts, which plot numbers). */
export function toMajor(minor: number, currency: string): number {
  const digits =
    new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  return minor / 10 ** digits;
}

export function formatDate(value: string | Date, locale: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }).format(new Date(value));
}

export function formatDateTime(value: string | Date, locale: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(value));
}

export function formatPercent(basisPoints: number, locale: string): string {
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 2 }).format(
    basisPoints / 10_000,
  );
}

export function formatNumber(value: number, locale: string): string {
  return new Intl.NumberFormat(locale).format(value);
}

/** Formatters bound to the UI language. */
export function useFormat() {
  const { i18n } = useTranslation();
  const locale = i18n.language;
  return useMemo(
    () => ({
      locale,
      money: (minor: number, currency: string) => formatMoney(minor, currency, locale),
      date: (value: string | Date) => formatDate(value, locale),
      dateTime: (value: string | Date) => formatDateTime(value, locale),
      percent: (basisPoints: number) => formatPercent(basisPoints, locale),
      number: (value: number) => formatNumber(value, locale),
    }),
    [locale],
  );
}

/**
 * A name from a `names` record whose keys may be locales (en-US, fr-FR) or languages (en, fr):
 * the UI locale, else its language, else English, else any.
 */
export function localName(names: Record<string, string>, locale: string, fallback: string): string {
  const language = locale.slice(0, 2).toLowerCase();
  if (names[locale]) return names[locale];
  const key = Object.keys(names).find((k) => k.toLowerCase().startsWith(language));
  if (key && names[key]) return names[key];
  return names['en-US'] ?? names.en ?? Object.values(names)[0] ?? fallback;
}
