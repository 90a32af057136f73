/** The words printed on invoice PDFs, in every UI language (the PDF follows the tenant's). */
export const invoiceLocales = ['en-US', 'fr-FR', 'de-DE', 'zh-CN'] as const;
export type InvoiceLocale = (typeof invoiceLocales)[number];

export interface InvoiceWords {
  invoice: string;
  creditNote: string;
  seller: string;
  billTo: string;
  number: string;
  issued: string;
  due: string;
  taxId: string;
  description: string;
  period: string;
  quantity: string;
  unitPrice: string;
  amount: string;
  tax: string;
  subtotal: string;
  taxAt: (rate: string, base: string) => string;
  total: string;
  amountCredited: string;
  amountPaid: string;
  amountDue: string;
  prorated: (days: number, total: number) => string;
  status: {
    paid: (date: string) => string;
    credited: (date: string) => string;
    dueBy: (date: string) => string;
    overdue: (date: string) => string;
    void: string;
    refunded: string;
    uncollectible: string;
  };
  page: (n: number, of: number) => string;
}

export const invoiceWords: Record<InvoiceLocale, InvoiceWords> = {
  'en-US': {
    invoice: 'Invoice',
    creditNote: 'Credit note',
    seller: 'From',
    billTo: 'Bill to',
    number: 'Number',
    issued: 'Issue date',
    due: 'Due date',
    taxId: 'Tax ID',
    description: 'Description',
    period: 'Period',
    quantity: 'Qty',
    unitPrice: 'Unit price',
    amount: 'Amount',
    tax: 'Tax',
    subtotal: 'Subtotal',
    taxAt: (rate, base) => `Tax ${rate} on ${base}`,
    total: 'Total',
    amountCredited: 'Credit notes',
    amountPaid: 'Amount paid',
    amountDue: 'Amount due',
    prorated: (days, total) => `${days} of ${total} days`,
    status: {
      paid: (d) => `Paid on ${d}`,
      credited: (d) => `Credited on ${d}`,
      dueBy: (d) => `Due by ${d}`,
      overdue: (d) => `Overdue since ${d}`,
      void: 'Void',
      refunded: 'Refunded',
      uncollectible: 'Uncollectible',
    },
    page: (n, of) => `Page ${n} of ${of}`,
  },
  'fr-FR': {
    invoice: 'Facture',
    creditNote: 'Avoir',
    seller: 'Émetteur',
    billTo: 'Facturé à',
    number: 'Numéro',
    issued: 'Date d’émission',
    due: 'Date d’échéance',
    taxId: 'N° de TVA',
    description: 'Description',
    period: 'Période',
    quantity: 'Qté',
    unitPrice: 'Prix unitaire',
    amount: 'Montant HT',
    tax: 'TVA',
    subtotal: 'Total HT',
    taxAt: (rate, base) => `TVA ${rate} sur ${base}`,
    total: 'Total TTC',
    amountCredited: 'Avoirs imputés',
    amountPaid: 'Montant réglé',
    amountDue: 'Reste à payer',
    prorated: (days, total) => `${days} jours sur ${total}`,
    status: {
      paid: (d) => `Payée le ${d}`,
      credited: (d) => `Crédité le ${d}`,
      dueBy: (d) => `À payer avant le ${d}`,
      overdue: (d) => `En retard depuis le ${d}`,
      void: 'Annulée',
      refunded: 'Remboursée',
      uncollectible: 'Irrécouvrable',
    },
    page: (n, of) => `Page ${n} sur ${of}`,
  },
  'de-DE': {
    invoice: 'Rechnung',
    creditNote: 'Gutschrift',
    seller: 'Rechnungssteller',
    billTo: 'Rechnungsempfänger',
    number: 'Nummer',
    issued: 'Rechnungsdatum',
    due: 'Fällig am',
    taxId: 'USt-IdNr.',
    description: 'Beschreibung',
    period: 'Zeitraum',
    quantity: 'Menge',
    unitPrice: 'Einzelpreis',
    amount: 'Betrag',
    tax: 'USt.',
    subtotal: 'Zwischensumme',
    taxAt: (rate, base) => `USt. ${rate} auf ${base}`,
    total: 'Gesamtbetrag',
    amountCredited: 'Gutschriften',
    amountPaid: 'Bezahlt',
    amountDue: 'Offener Betrag',
    prorated: (days, total) => `${days} von ${total} Tagen`,
    status: {
      paid: (d) => `Bezahlt am ${d}`,
      credited: (d) => `Gutgeschrieben am ${d}`,
      dueBy: (d) => `Zahlbar bis ${d}`,
      overdue: (d) => `Überfällig seit ${d}`,
      void: 'Storniert',
      refunded: 'Erstattet',
      uncollectible: 'Uneinbringlich',
    },
    page: (n, of) => `Seite ${n} von ${of}`,
  },
  'zh-CN': {
    invoice: '发票',
    creditNote: '贷项通知单',
    seller: '开票方',
    billTo: '付款方',
    number: '编号',
    issued: '开票日期',
    due: '到期日',
    taxId: '税号',
    description: '说明',
    period: '期间',
    quantity: '数量',
    unitPrice: '单价',
    amount: '金额',
    tax: '税额',
    subtotal: '小计',
    taxAt: (rate, base) => `税率 ${rate}，计税金额 ${base}`,
    total: '总计',
    amountCredited: '已抵扣金额',
    amountPaid: '已付金额',
    amountDue: '应付金额',
    prorated: (days, total) => `${total} 天中的 ${days} 天`,
    status: {
      paid: (d) => `已于 ${d} 付款`,
      credited: (d) => `已于 ${d} 退款`,
      dueBy: (d) => `请于 ${d} 前付款`,
      overdue: (d) => `自 ${d} 起逾期`,
      void: '已作废',
      refunded: '已退款',
      uncollectible: '无法收回',
    },
    page: (n, of) => `第 ${n} 页，共 ${of} 页`,
  },
};

/** The tenant's locale when invoices speak it, else the closest one by language, else English. */
export function invoiceLocaleFor(locale: string): InvoiceLocale {
  const exact = invoiceLocales.find((l) => l === locale);
  if (exact) return exact;
  const language = locale.slice(0, 2).toLowerCase();
  return invoiceLocales.find((l) => l.startsWith(language)) ?? 'en-US';
}
