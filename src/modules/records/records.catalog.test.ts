import { describe, expect, it } from 'vitest';
import { uiLocales } from '../../shared/locale.js';
import { renderMail } from '../notifications/index.js';
import { auditWords, describedAuditActions } from './audit.catalog.js';
import { recordWords, type RecordWords } from './records.catalog.js';
import { record, recordKinds, type StoredRecord } from './record.types.js';
import { renderAudit, renderRecord } from './render.js';

const names = new Map([['p', { 'en-US': 'Lockbox', 'fr-FR': 'Référentiel' }]]);
const samples: StoredRecord[] = [
  record('line.order', { productId: 'p', unit: 'user', quantity: 3 }),
  record('line.quantity_increase', {
    productId: 'p',
    unit: 'user',
    from: 4,
    to: 6,
    delta: 2,
    days: 12,
    periodDays: 30,
  }),
  record('line.quantity_decrease', {
    productId: 'p',
    unit: 'gb',
    from: 60,
    to: 40,
    delta: -20,
    days: 12,
    periodDays: 30,
  }),
  record('line.cancellation_credit', {
    productId: 'p',
    unit: 'credit',
    quantity: 1,
    days: 12,
    periodDays: 30,
  }),
  record('line.renewal', {
    productId: 'p',
    unit: 'user',
    quantity: 3,
    periodStart: '2027-03-02',
    periodEnd: '2028-03-02',
  }),
  record('line.billing_period', {
    productId: 'p',
    unit: 'user',
    quantity: 3,
    periodStart: '2027-03-02',
    periodEnd: '2027-04-02',
  }),
  record('support.remove_addon', { productId: 'p', subscriptionId: 'sub_1' }),
  record('support.general', {}),
  record('text', { text: 'As typed' }),
];
const english =
  /\b(licenses?|days|purchase|renewal|billing period|credit|cancellation|Remove|add-on|Support request)\b/;

describe('record catalogs', () => {
  it('has a sample of every kind, and every kind reads in every locale', () => {
    expect(samples.map((s) => s.kind).sort()).toEqual([...recordKinds].sort());
    for (const locale of uiLocales) {
      for (const s of samples) {
        const text = renderRecord(s, locale, names, 'FALLBACK');
        expect(text, `${s.kind} in ${locale}`).not.toBe('FALLBACK');
        if (locale !== 'en-US' && s.kind !== 'text')
          expect(text, `${s.kind} in ${locale}`).not.toMatch(english);
      }
    }
    expect(renderRecord(samples[2], 'en-US', names, '')).toBe('Lockbox: −20 GB (60 → 40), credit');
    expect(renderRecord(samples[0], 'fr-FR', names, '')).toBe('Référentiel — achat');
  });

  it('falls back to the stored text for a row without a record or with params its kind cannot use', () => {
    expect(renderRecord(null, 'de-DE', names, 'Old words')).toBe('Old words');
    expect(renderRecord({ kind: 'unknown', params: {} }, 'de-DE', names, 'Old words')).toBe('Old words');
  });

  it('describes every listed audit action in every locale; an unlisted one names its thing', () => {
    for (const locale of uiLocales) {
      for (const action of describedAuditActions) {
        expect(
          auditWords[locale].actions[action]({}, { product: (id) => id, number: String, date: String }),
        ).not.toBe('');
      }
    }
    expect(
      renderAudit(
        { action: 'subscription.cancelled.cascade', entityType: 'subscription', params: { productId: 'p' } },
        'de-DE',
        names,
      ),
    ).toBe('Abonnement gekündigt: Lockbox (mit dem Basisabonnement)');
    expect(renderAudit({ action: 'something.new', entityType: 'invoice', params: {} }, 'zh-CN', names)).toBe(
      '发票: something.new',
    );
  });

  it('is checked by the compiler: a missing kind or locale does not build', () => {
    const { text: _dropped, ...withoutText } = recordWords['en-US'].records;
    // @ts-expect-error a catalog without the `text` kind
    const missingKind: RecordWords['records'] = withoutText;
    const { 'zh-CN': _zh, ...withoutChinese } = recordWords;
    // @ts-expect-error a catalog without zh-CN
    const missingLocale: typeof recordWords = withoutChinese;
    expect([missingKind, missingLocale]).toHaveLength(2);
  });

  it('quotes a support subject in mail through the same renderer, in the recipient’s language', () => {
    const mail = renderMail({
      type: 'support_request.updated',
      data: {
        supportRequestId: 'sr_1',
        subject: 'Remove add-on Lockbox',
        subjectRecord: samples[6],
        status: 'resolved',
        change: 'resolved',
        message: 'Erledigt',
        currency: 'EUR',
        creditAmount: null,
      },
      locale: 'de-DE',
      recipientName: 'Anna',
      tenantName: 'Contoso',
      products: names,
      publicUrl: 'http://127.0.0.1',
      cloud: 'germany',
    });
    expect(mail.subject).toContain('Add-On Lockbox entfernen');
    expect(mail.text).not.toContain('Remove add-on');
  });
});
