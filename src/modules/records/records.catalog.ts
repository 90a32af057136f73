import type { UiLocale } from '../../shared/locale.js';
import type { ProductUnitKind, RecordKind, RecordParams } from './record.types.js';

/** Formats for one reader: numbers and dates in their locale, product names from the catalog. */
export interface RecordFormat {
  product(id: string): string;
  number(n: number): string;
  date(iso: string): string;
}

export interface RecordWords {
  /** A quantity with its unit: "2 licenses", "2 licences", "2 Lizenzen", "2 个许可证". */
  count: { [U in ProductUnitKind]: (n: string, plural: boolean) => string };
  records: { [K in RecordKind]: (p: RecordParams[K], f: RecordFormat, w: RecordWords) => string };
}
// French puts a narrow no-break space (U+202F) before a colon, as the admin center's own French does.
// A prorated line names its product and quantity only: its days ("12 of 30 days") are shown once,
// beside its dates in the period column of the bill and the PDF (docs/records.md).

/** "+2 licenses" / "−2 licenses": the difference a change made, with a true minus sign. */
export function signedCount(w: RecordWords, f: RecordFormat, unit: ProductUnitKind, delta: number): string {
  const abs = Math.abs(delta);
  return `${delta < 0 ? '−' : '+'}${w.count[unit](f.number(abs), abs !== 1)}`;
}

function count(w: RecordWords, f: RecordFormat, unit: ProductUnitKind, n: number): string {
  return w.count[unit](f.number(n), Math.abs(n) !== 1);
}

/**
 * The words of every record kind in every UI language. The type requires each locale and, in
 * each, each kind: a new kind or a new language does not compile until it is written here.
 * German and Chinese follow Microsoft's own admin center (Lizenzen, Add-On, Gutschrift,
 * Verlängerung, Abrechnungszeitraum; 许可证, 加载项, 续订, 计费周期), as web/src/i18n does.
 */
export const recordWords: { [L in UiLocale]: RecordWords } = {
  'en-US': {
    count: {
      user: (n, plural) => `${n} ${plural ? 'licenses' : 'license'}`,
      gb: (n) => `${n} GB`,
      credit: (n, plural) => `${n} ${plural ? 'credits' : 'credit'}`,
    },
    records: {
      'line.order': (p, f) => `${f.product(p.productId)} — purchase`,
      'line.quantity_increase': (p, f, w) =>
        `${f.product(p.productId)}: ${signedCount(w, f, p.unit, p.delta)} (${f.number(p.from)} → ${f.number(p.to)})`,
      'line.quantity_decrease': (p, f, w) =>
        `${f.product(p.productId)}: ${signedCount(w, f, p.unit, p.delta)} (${f.number(p.from)} → ${f.number(p.to)}), credit`,
      'line.cancellation_credit': (p, f, w) =>
        `${f.product(p.productId)}: cancellation of ${count(w, f, p.unit, p.quantity)}, credit`,
      'line.renewal': (p, f) => `${f.product(p.productId)} — renewal`,
      'line.billing_period': (p, f) => `${f.product(p.productId)} — billing period`,
      'support.remove_addon': (p, f) => `Remove add-on ${f.product(p.productId)}`,
      'support.general': () => 'Support request',
      text: (p) => p.text,
    },
  },
  'fr-FR': {
    count: {
      user: (n, plural) => `${n} ${plural ? 'licences' : 'licence'}`,
      gb: (n) => `${n} Go`,
      credit: (n, plural) => `${n} ${plural ? 'crédits' : 'crédit'}`,
    },
    records: {
      'line.order': (p, f) => `${f.product(p.productId)} — achat`,
      'line.quantity_increase': (p, f, w) =>
        `${f.product(p.productId)}\u202f: ${signedCount(w, f, p.unit, p.delta)} (${f.number(p.from)} → ${f.number(p.to)})`,
      'line.quantity_decrease': (p, f, w) =>
        `${f.product(p.productId)}\u202f: ${signedCount(w, f, p.unit, p.delta)} (${f.number(p.from)} → ${f.number(p.to)}), avoir`,
      'line.cancellation_credit': (p, f, w) =>
        `${f.product(p.productId)}\u202f: annulation de ${count(w, f, p.unit, p.quantity)}, avoir`,
      'line.renewal': (p, f) => `${f.product(p.productId)} — renouvellement`,
      'line.billing_period': (p, f) => `${f.product(p.productId)} — période de facturation`,
      'support.remove_addon': (p, f) => `Supprimer le module complémentaire ${f.product(p.productId)}`,
      'support.general': () => 'Demande de support',
      text: (p) => p.text,
    },
  },
  'de-DE': {
    count: {
      user: (n, plural) => `${n} ${plural ? 'Lizenzen' : 'Lizenz'}`,
      gb: (n) => `${n} GB`,
      credit: (n, plural) => `${n} ${plural ? 'Guthabeneinheiten' : 'Guthabeneinheit'}`,
    },
    records: {
      'line.order': (p, f) => `${f.product(p.productId)} – Kauf`,
      'line.quantity_increase': (p, f, w) =>
        `${f.product(p.productId)}: ${signedCount(w, f, p.unit, p.delta)} (${f.number(p.from)} → ${f.number(p.to)})`,
      'line.quantity_decrease': (p, f, w) =>
        `${f.product(p.productId)}: ${signedCount(w, f, p.unit, p.delta)} (${f.number(p.from)} → ${f.number(p.to)}), Gutschrift`,
      'line.cancellation_credit': (p, f, w) =>
        `${f.product(p.productId)}: Kündigung von ${count(w, f, p.unit, p.quantity)}, Gutschrift`,
      'line.renewal': (p, f) => `${f.product(p.productId)} – Verlängerung`,
      'line.billing_period': (p, f) => `${f.product(p.productId)} – Abrechnungszeitraum`,
      'support.remove_addon': (p, f) => `Add-On ${f.product(p.productId)} entfernen`,
      'support.general': () => 'Supportanfrage',
      text: (p) => p.text,
    },
  },
  'zh-CN': {
    count: {
      user: (n) => `${n} 个许可证`,
      gb: (n) => `${n} GB`,
      credit: (n) => `${n} 个点数`,
    },
    records: {
      'line.order': (p, f) => `${f.product(p.productId)} — 购买`,
      'line.quantity_increase': (p, f, w) =>
        `${f.product(p.productId)}：${signedCount(w, f, p.unit, p.delta)}（${f.number(p.from)} → ${f.number(p.to)}）`,
      'line.quantity_decrease': (p, f, w) =>
        `${f.product(p.productId)}：${signedCount(w, f, p.unit, p.delta)}（${f.number(p.from)} → ${f.number(p.to)}），退还费用`,
      'line.cancellation_credit': (p, f, w) =>
        `${f.product(p.productId)}：取消 ${count(w, f, p.unit, p.quantity)}，退还费用`,
      'line.renewal': (p, f) => `${f.product(p.productId)} — 续订`,
      'line.billing_period': (p, f) => `${f.product(p.productId)} — 计费周期`,
      'support.remove_addon': (p, f) => `删除加载项 ${f.product(p.productId)}`,
      'support.general': () => '支持请求',
      text: (p) => p.text,
    },
  },
};
