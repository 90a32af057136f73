import { describe, expect, it } from 'vitest';
import { AppError, errorCodes, localized, msg } from '../src/shared/app-error.js';
import { uiLocales } from '../src/shared/locale.js';
import {
  catalogs,
  messageFormat,
  renderMessage,
  reviveMessages,
  type MessageCatalog,
} from '../src/shared/messages/index.js';
import { enUSMessages } from '../src/shared/messages/en-US.js';
import { cliLocale } from '../src/cli/locale.js';
import { printError } from '../src/cli/main.js';

/**
 * The message catalogs (docs/messages.md): every locale has every message and every title, each
 * template renders, and the translations are translations. The compiler already refuses a
 * catalog without a message (`LocaleCatalog`) and a `catalogs` without a locale; this test is the
 * same rule at run time, for catalogs built in ways the compiler cannot see.
 */
const ids = Object.keys(enUSMessages).sort();

/** Parameters for any template: every name reads "P" as text, as a number and as a list. */
const probe = new Proxy(
  {},
  {
    get: (_, key) => {
      if (key === 'role') return 'billing_admin';
      if (key === 'unit') return 'gb';
      if (key === 'currency') return 'EUR';
      if (key === 'commitment' || key === 'billingFrequency') return 'annual';
      return Object.assign(['P'], { toString: () => 'P' });
    },
  },
);

describe('message catalogs', () => {
  it('has every message and every error title in every locale', () => {
    for (const locale of uiLocales) {
      const catalog = catalogs[locale];
      expect(Object.keys(catalog.messages).sort(), locale).toEqual(ids);
      expect(Object.keys(catalog.titles).sort(), locale).toEqual(Object.keys(errorCodes).sort());
      for (const [code, title] of Object.entries(catalog.titles))
        expect(title.trim(), `${locale} ${code}`).not.toBe('');
    }
  });

  it('renders every template in every locale, and German and Chinese are not English', () => {
    const sameEverywhere = new Set(['storedText']);
    for (const locale of uiLocales) {
      const templates = catalogs[locale].messages as unknown as Record<
        string,
        (p: unknown, f: unknown) => string
      >;
      for (const id of ids) {
        const text = String(templates[id]!(probe, messageFormat(locale)));
        expect(text.trim(), `${locale} ${id}`).not.toBe('');
        expect(text, `${locale} ${id}`).not.toMatch(/undefined|\[object/);
        if (locale !== 'en-US' && !sameEverywhere.has(id)) {
          const english = (catalogs['en-US'].messages as unknown as typeof templates)[id]!(
            probe,
            messageFormat('en-US'),
          );
          expect(text, `${locale} ${id} is still English`).not.toBe(english);
        }
      }
    }
  });

  it('is a compile error to leave a message out of a catalog (npm run typecheck)', () => {
    const { quantityOutOfBounds: _dropped, ...incomplete } = catalogs['de-DE'].messages;
    // @ts-expect-error — a locale without one of the messages is a compile error too.
    const broken: MessageCatalog = incomplete;
    expect(Object.keys(broken).sort()).not.toEqual(ids);
  });

  it('renders localized parameters for the reader and keeps English for logs', () => {
    const error = new AppError(
      'quantity_out_of_bounds',
      msg.quantityOutOfBounds({
        product: localized(
          { 'en-US': 'Customer Lockbox', 'fr-FR': 'Référentiel sécurisé du client' },
          'lockbox',
        ),
        min: 1,
        max: 300,
      }),
      { field: 'body.quantity' },
    );
    expect(error.message).toBe('Customer Lockbox is sold in quantities from 1 to 300.');
    expect(error.detailIn('fr-FR')).toBe('Référentiel sécurisé du client se vend par quantités de 1 à 300.');
    // No German name in the catalog: the English one, inside a German sentence.
    expect(error.detailIn('de-DE')).toBe('Customer Lockbox ist in Mengen von 1 bis 300 erhältlich.');
    expect(error.field).toBe('body.quantity');
  });

  it('stores a message as JSON and renders it again in another language (idempotent replays)', () => {
    const message = msg.paymentRefunded({ reason: msg.cardDeclinedByIssuer() });
    const stored = JSON.parse(JSON.stringify(message)) as unknown;
    const revived = reviveMessages(stored);
    expect(renderMessage(revived as typeof message, 'de-DE')).toBe(
      'Die Karte wurde vom Kartenaussteller abgelehnt. Die Zahlung wird erstattet.',
    );
    expect(renderMessage(revived as typeof message, 'zh-CN')).toBe('卡被发卡机构拒绝。付款已退还。');
  });

  it('formats lists and money in the reader’s way', () => {
    const owes = msg.invoiceOwesLess({ number: 'INV-7', due: 123456, amount: 200000, currency: 'EUR' });
    expect(renderMessage(owes, 'de-DE')).toBe(
      'Auf der Rechnung INV-7 sind noch 1.234,56\u00a0€ fällig, weniger als 2.000,00\u00a0€.',
    );
    const needs = msg.addonNeedsOneOfPlans({ product: 'X', required: ['A', 'B', 'C'] });
    expect(renderMessage(needs, 'fr-FR')).toBe(
      'X nécessite un abonnement actif à l’un de ces abonnements : A, B ou C.',
    );
  });

  it('prints CLI errors in the language of LANG, English otherwise', () => {
    expect(cliLocale({ LANG: 'de_DE.UTF-8' })).toBe('de-DE');
    expect(cliLocale({ LANG: 'fr_FR.UTF-8', LC_ALL: 'zh_CN.UTF-8' })).toBe('zh-CN');
    expect(cliLocale({ LANG: 'C.UTF-8' })).toBe('en-US');
    expect(cliLocale({})).toBe('en-US');
    const error = new AppError('user_email_taken', msg.emailTaken({ email: 'a@b.example' }), {
      hint: msg.makeAnotherGlobalAdmin(),
    });
    const printed = (env: Record<string, string | undefined>) => {
      const saved = {
        LANG: process.env.LANG,
        LC_ALL: process.env.LC_ALL,
        LC_MESSAGES: process.env.LC_MESSAGES,
      };
      Object.assign(process.env, { LC_ALL: '', LC_MESSAGES: '', ...env });
      let out = '';
      try {
        printError(error, { write: (text: string) => (out += text) });
      } finally {
        for (const [k, v] of Object.entries(saved)) {
          if (v === undefined) delete process.env[k];
          else process.env[k] = v;
        }
      }
      return out;
    };
    expect(printed({ LANG: 'de_DE.UTF-8' })).toBe(
      'Error [user_email_taken]: Ein Benutzer mit der E-Mail-Adresse a@b.example ist bereits vorhanden.\n' +
        'Hint: Machen Sie zuerst einen anderen Benutzer zum globalen Administrator.\n',
    );
    expect(printed({ LANG: 'C' })).toBe(
      'Error [user_email_taken]: A user with the email a@b.example already exists.\n' +
        'Hint: Make another user a Global admin first.\n',
    );
  });
});
