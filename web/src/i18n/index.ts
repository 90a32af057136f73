import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { setApiLanguage } from '../api/client';
import type enUS from './en-US';

export const languages = ['en-US', 'fr-FR'] as const;
export type Language = (typeof languages)[number];

const storageKey = 'billing-center.language';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof enUS };
  }
}

/** en-US or fr-FR for any tag (fr, fr-CA → fr-FR); undefined for a language the UI doesn't speak. */
export function supportedLanguage(tag: string | null | undefined): Language | undefined {
  if (!tag) return undefined;
  const lower = tag.toLowerCase();
  if (lower.startsWith('fr')) return 'fr-FR';
  if (lower.startsWith('en')) return 'en-US';
  return undefined;
}

function storedLanguage(): Language | undefined {
  try {
    return supportedLanguage(localStorage.getItem(storageKey));
  } catch {
    return undefined;
  }
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
 * The language at start: the one the user chose in the language menu, else the browser's,
 * else en-US. Once signed in, a tenant whose locale the UI speaks decides when the user never
 * chose and the browser speaks neither language (see adoptTenantLocale).
 */
export async function initI18n() {
  const language = storedLanguage() ?? browserLanguage() ?? 'en-US';
  apply(language);
  const { default: messages } = await dictionaries[language]();
  await i18n.use(initReactI18next).init({
    resources: { [language]: { translation: messages } },
    lng: language,
    // Both dictionaries are complete (fr-FR.ts is typed by en-US.ts): nothing to fall back to.
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

/** Tenant locale as the default when neither the user nor the browser gives one the UI speaks. */
export function adoptTenantLocale(locale: string) {
  if (storedLanguage() || browserLanguage()) return;
  const language = supportedLanguage(locale);
  if (language && language !== i18n.language) void switchTo(language);
}

export function currentLanguage(): Language {
  return supportedLanguage(i18n.language) ?? 'en-US';
}
