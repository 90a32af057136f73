import { describe, expect, it } from 'vitest';
import { localeFromAcceptLanguage, matchLocale, pickLocale, textIn } from './locale.js';

describe('locale negotiation', () => {
  it('matches exact tags and primary languages', () => {
    expect(matchLocale('de-AT')).toBe('de-DE');
    expect(matchLocale('zh-Hans-CN')).toBe('zh-CN');
    expect(matchLocale('FR')).toBe('fr-FR');
    expect(matchLocale('es-ES')).toBeUndefined();
  });

  it('follows quality values and skips languages the server does not speak', () => {
    expect(localeFromAcceptLanguage('es-ES, de;q=0.8, fr;q=0.9')).toBe('fr-FR');
    expect(localeFromAcceptLanguage('zh-CN,zh;q=0.9,en;q=0.8')).toBe('zh-CN');
    expect(localeFromAcceptLanguage('*, es')).toBeUndefined();
    expect(localeFromAcceptLanguage('de;q=0, en;q=0.1')).toBe('en-US');
  });

  it('takes the first supported candidate, then English', () => {
    expect(pickLocale(undefined, 'es', 'zh-CN', 'fr-FR')).toBe('zh-CN');
    expect(pickLocale(null, 'pt-BR')).toBe('en-US');
  });

  it('reads a localized text in the reader’s language with an English fallback', () => {
    expect(textIn({ 'en-US': 'Storage', 'fr-FR': 'Stockage' }, 'fr-FR')).toBe('Stockage');
    expect(textIn({ 'en-US': 'Storage', 'fr-FR': 'Stockage' }, 'de-DE')).toBe('Storage');
  });
});
