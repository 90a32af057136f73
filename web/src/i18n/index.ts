import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { setApiLanguage } from '../api/client';
import type enUS from './en-US';

export const languages = ['en-US', 'fr-FR', 'de-DE', 'zh-CN'] as const;
export type Language = (typeof languages)[number];

const storageKey = 'billing-center.language';
// The tenant's locale, remembered so the sign-in page of the next visit already speaks it.
const tenantKey = 'billing-center.tenant-locale';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof enUS };
  }
}

/**
 * A UI language for any tag (fr-CA → fr-FR, de-AT → de-DE, zh-Hans / zh-SG → zh-CN); undefined
 * for a language the UI doesn't speak. Traditional Chinese (zh-TW, zh-HK, zh-Hant) is not
 * Simplified Chinese: it falls through to the next source.
 */
export function supportedLanguage(tag: string | null | undefined): Language | undefined {
  if (!tag) return undefined;
  const lower = tag.toLowerCase();
  if (lower.startsWith('fr')) return 'fr-FR';
  if (lower.startsWith('en')) return 'en-US';
  if (lower.startsWith('de')) return 'de-DE';
  if (/^zh(-(cn|sg|hans)(-|$)|$)/.test(lower)) return 'zh-CN';
  return undefined;
}

function stored(key: string): Language | undefined {
  try {
    return supportedLanguage(localStorage.getItem(key));
  } catch {
    return undefined;
  }
}

function storedLanguage(): Language | undefined {
  return stored(storageKey);
}

function browserLanguage(): Language | undefined {
  for (const tag of navigator.languages ?? [navigator.language]) {
    const language = supportedLanguage(tag);
    if (language) return language;
  }
  return undefined;
}

// One dictionary per language, loaded when first needed: the first page carries only its own.
const dictionaries: Record<Language, () => Promise<{ default: typeof enUS }>> = {
  'en-US': () => import('./en-US'),
  'fr-FR': () => import('./fr-FR'),
  'de-DE': () => import('./de-DE'),
  'zh-CN': () => import('./zh-CN'),
};

async function ensureLoaded(language: Language) {
  if (i18n.hasResourceBundle(language, 'translation')) return;
  const { default: messages } = await dictionaries[language]();
  i18n.addResourceBundle(language, 'translation', messages);
}

async function switchTo(language: Language) {
  await ensureLoaded(language);
  await i18n.changeLanguage(language);
}

function apply(language: Language) {
  document.documentElement.lang = language;
  setApiLanguage(language);
}

/**
 * The language, in order: the one the user chose in the language menu, else the tenant's locale
 * (the last one seen in this browser until /api/auth/me answers: see adoptTenantLocale), else
 * the browser's, else en-US.
 */
export async function initI18n() {
  const language = storedLanguage() ?? stored(tenantKey) ?? browserLanguage() ?? 'en-US';
  apply(language);
  const { default: messages } = await dictionaries[language]();
  await i18n.use(initReactI18next).init({
    resources: { [language]: { translation: messages } },
    lng: language,
    // Every dictionary is complete (each is typed by en-US.ts): nothing to fall back to.
    fallbackLng: false,
    supportedLngs: [...languages],
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  i18n.on('languageChanged', (lng) => apply(supportedLanguage(lng) ?? 'en-US'));
  return i18n;
}

/** The language menu: remembered in this browser. */
export function chooseLanguage(language: Language) {
  try {
    localStorage.setItem(storageKey, language);
  } catch {
    // Private mode: the choice lasts for this page only.
  }
  void switchTo(language);
}

/** Signed in: the tenant's locale decides unless the user chose a language. */
export function adoptTenantLocale(locale: string) {
  try {
    localStorage.setItem(tenantKey, locale);
  } catch {
    // Private mode: the next visit starts from the browser's language.
  }
  if (storedLanguage()) return;
  const language = supportedLanguage(locale) ?? browserLanguage() ?? 'en-US';
  if (language !== i18n.language) void switchTo(language);
}

export function currentLanguage(): Language {
  return supportedLanguage(i18n.language) ?? 'en-US';
}
