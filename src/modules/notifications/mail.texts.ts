import type { EventData, EventType } from './events.catalog.js';

/** Every language the admin center speaks; each email exists in all of them. */
export const mailLocales = ['en-US', 'fr-FR', 'de-DE', 'zh-CN'] as const;
export type MailLocale = (typeof mailLocales)[number];

export function toMailLocale(value: string | null | undefined): MailLocale {
  if (!value) return 'en-US';
  const exact = mailLocales.find((l) => l.toLowerCase() === value.toLowerCase());
  if (exact) return exact;
  const language = value.slice(0, 2).toLowerCase();
  return mailLocales.find((l) => l.startsWith(language)) ?? 'en-US';
}

/** Formats in the recipient's language and the tenant's currency. */
export interface Fmt {
  money(amount: number, currency: string): string;
  date(iso: string | null): string;
  product(id: string): string;
  /** A stored record (docs/records.md) in the recipient's language, else its stored text. */
  record(rec: unknown, fallback: string): string;
}

export interface Links {
  subscription(id: string): string;
  changeQuantity(id: string): string;
  recurringBilling(id: string): string;
  invoice(id: string): string;
  bills: string;
  paymentMethods: string;
  supportRequest(id: string): string;
  preferences: string;
  myAccount: string;
}

export interface MailBody {
  subject: string;
  heading: string;
  paragraphs: string[];
  facts: [string, string][];
  actions: { label: string; url: string }[];
}

type Builders = { [T in EventType]: (d: EventData<T>, f: Fmt, l: Links) => MailBody };

export interface LocaleTexts {
  greeting(name: string): string;
  tenant: string;
  /** Under mail an admin may turn off. */
  footerOptional: string;
  /** Under mail about money owed or service ending. */
  footerEssential: string;
  footerUser: string;
  preferences: string;
  events: Builders;
}

const changeKinds = {
  'en-US': {
    increase: 'added now',
    decrease: 'removed now',
    scheduled_decrease: 'reduction scheduled for renewal',
    scheduled_decrease_withdrawn: 'scheduled reduction withdrawn',
  },
  'fr-FR': {
    increase: 'ajoutées maintenant',
    decrease: 'retirées maintenant',
    scheduled_decrease: 'réduction prévue au renouvellement',
    scheduled_decrease_withdrawn: 'réduction prévue annulée',
  },
  'de-DE': {
    increase: 'sofort hinzugefügt',
    decrease: 'sofort entfernt',
    scheduled_decrease: 'Reduzierung zur Verlängerung geplant',
    scheduled_decrease_withdrawn: 'geplante Reduzierung zurückgenommen',
  },
  'zh-CN': {
    increase: '已立即增加',
    decrease: '已立即减少',
    scheduled_decrease: '已计划在续订时减少',
    scheduled_decrease_withdrawn: '已撤销计划的减少',
  },
} as const;

const enUS: LocaleTexts = {
  greeting: (name) => `Hello ${name},`,
  tenant: 'Organization',
  footerOptional:
    'You receive this email as an administrator of this organization. You can turn this kind of email off in your notification preferences.',
  footerEssential:
    'You receive this email as an administrator of this organization. It concerns payment or service continuity, so it is always sent.',
  footerUser: 'You receive this email because an administrator of your organization assigned you a license.',
  preferences: 'Notification preferences',
  events: {
    'order.placed': (d, f, l) => ({
      subject: `Order confirmed: ${f.money(d.totalDueToday, d.currency)} — invoice ${d.invoiceNumber}`,
      heading: 'Thank you for your order',
      paragraphs: [
        `Your order ${d.orderId} is complete. ${d.paymentMethod === 'invoice' ? 'Pay the invoice by bank transfer before its due date.' : 'The amount due today has been charged.'}`,
      ],
      facts: [
        ...d.lines.map((x): [string, string] => [
          f.product(x.productId),
          `Quantity: ${x.quantity} — ${f.money(x.amount, d.currency)}`,
        ]),
        ['Tax', f.money(d.tax, d.currency)],
        ['Total due today', f.money(d.totalDueToday, d.currency)],
        ['Invoice', d.invoiceNumber],
      ],
      actions: [{ label: 'View the invoice', url: l.invoice(d.invoiceId) }],
    }),
    'subscription.quantity_changed': (d, f, l) => ({
      subject:
        d.change === 'scheduled_decrease'
          ? `${f.product(d.productId)}: ${d.to} licenses from ${f.date(d.effectiveAt)}`
          : `${f.product(d.productId)}: license quantity changed from ${d.from} to ${d.to}`,
      heading: 'License quantity changed',
      paragraphs: [
        d.change === 'scheduled_decrease'
          ? `The quantity of ${f.product(d.productId)} goes from ${d.from} to ${d.to} at renewal on ${f.date(d.effectiveAt)}. Nothing changes until then.`
          : d.change === 'scheduled_decrease_withdrawn'
            ? `The reduction scheduled for ${f.product(d.productId)} was withdrawn: it renews with ${d.to} licenses.`
            : `${f.product(d.productId)} now has ${d.to} licenses (it had ${d.from}).`,
      ],
      facts: [
        ['Change', changeKinds['en-US'][d.change]],
        ...(d.total !== 0
          ? [
              [d.total > 0 ? 'Charged now' : 'Credited now', f.money(Math.abs(d.total), d.currency)] as [
                string,
                string,
              ],
            ]
          : []),
      ],
      actions: [{ label: 'View the subscription', url: l.subscription(d.subscriptionId) }],
    }),
    'subscription.recurring_billing_changed': (d, f, l) => ({
      subject: d.recurringBilling
        ? `Recurring billing turned on for ${f.product(d.productId)}`
        : `Recurring billing turned off: ${f.product(d.productId)} ends on ${f.date(d.expiresAt)}`,
      heading: d.recurringBilling ? 'Recurring billing is on' : 'Recurring billing is off',
      paragraphs: [
        d.recurringBilling
          ? `${f.product(d.productId)} will renew automatically on ${f.date(d.termEnd)}.`
          : `${f.product(d.productId)} will not renew. It expires on ${f.date(d.expiresAt)}; turn recurring billing back on before then to keep it.`,
      ],
      facts: [['Term end', f.date(d.termEnd)]],
      actions: [{ label: 'View the subscription', url: l.subscription(d.subscriptionId) }],
    }),
    'subscription.renewal_reminder': (d, f, l) => ({
      subject: `${f.product(d.productId)} renews in ${d.daysBefore} days, on ${f.date(d.termEnd)}`,
      heading: 'Your subscription renews soon',
      paragraphs: [
        `${f.product(d.productId)} renews automatically on ${f.date(d.termEnd)} with ${d.renewalQuantity} licenses, for ${f.money(d.periodAmount, d.currency)} per billing period before tax.`,
        'To renew with fewer licenses, schedule a decrease now. To let it end instead, turn recurring billing off.',
      ],
      facts: [
        ['Renewal date', f.date(d.termEnd)],
        ['Licenses at renewal', String(d.renewalQuantity)],
        ['Price per period (before tax)', f.money(d.periodAmount, d.currency)],
      ],
      actions: [
        { label: 'Schedule a decrease', url: l.changeQuantity(d.subscriptionId) },
        { label: 'Turn recurring billing off', url: l.recurringBilling(d.subscriptionId) },
      ],
    }),
    'subscription.renewed': (d, f, l) => ({
      subject: `${f.product(d.productId)} renewed until ${f.date(d.termEnd)}`,
      heading: 'Your subscription was renewed',
      paragraphs: [
        `${f.product(d.productId)} was renewed with ${d.quantity} licenses until ${f.date(d.termEnd)}.`,
      ],
      facts: [
        ['New term', `${f.date(d.termStart)} – ${f.date(d.termEnd)}`],
        ['Amount', f.money(d.total, d.currency)],
      ],
      actions: [
        { label: 'View the invoice', url: l.invoice(d.invoiceId) },
        { label: 'View the subscription', url: l.subscription(d.subscriptionId) },
      ],
    }),
    'payment.failed': (d, f, l) => ({
      subject: `Action needed: payment of ${f.money(d.amount, d.currency)} for ${f.product(d.productId)} failed`,
      heading: 'We could not collect your payment',
      paragraphs: [
        `The payment of ${f.money(d.amount, d.currency)} for ${f.product(d.productId)} was declined (attempt ${d.attempt}). We will try again on ${f.date(d.nextAttemptAt)}.`,
        `What to do: update the card or add another payment method. If no payment succeeds, the subscription expires on ${f.date(d.expiresAt)} and its users lose access later.`,
      ],
      facts: [
        ['Amount', f.money(d.amount, d.currency)],
        ['Next attempt', f.date(d.nextAttemptAt)],
        ['Expires if unpaid', f.date(d.expiresAt)],
      ],
      actions: [
        { label: 'Update payment methods', url: l.paymentMethods },
        { label: 'View the subscription', url: l.subscription(d.subscriptionId) },
      ],
    }),
    'invoice.issued': (d, f, l) => ({
      subject:
        d.kind === 'credit'
          ? `Credit note ${d.number}: ${f.money(Math.abs(d.total), d.currency)}`
          : `Invoice ${d.number}: ${f.money(d.total, d.currency)}${d.status === 'paid' ? ' (paid)' : ` due ${f.date(d.dueAt)}`}`,
      heading: d.kind === 'credit' ? 'A credit note was issued' : 'A new invoice is available',
      paragraphs: [
        d.status === 'paid' || d.kind === 'credit'
          ? 'Nothing more to do: it is settled.'
          : `Please pay it by ${f.date(d.dueAt)}.`,
      ],
      facts: [
        ['Number', d.number],
        ['Total', f.money(d.total, d.currency)],
        ['Due date', f.date(d.dueAt)],
      ],
      actions: [{ label: 'View the invoice', url: l.invoice(d.invoiceId) }],
    }),
    'invoice.overdue': (d, f, l) => ({
      subject: `Overdue: invoice ${d.number} (${f.money(d.total, d.currency)}) was due ${f.date(d.dueAt)}`,
      heading: 'An invoice is overdue',
      paragraphs: [
        `Invoice ${d.number} for ${f.money(d.total, d.currency)} was due on ${f.date(d.dueAt)} and is not paid yet. Pay it to avoid the suspension of the subscriptions it covers.`,
      ],
      facts: [
        ['Number', d.number],
        ['Amount', f.money(d.total, d.currency)],
        ['Was due', f.date(d.dueAt)],
      ],
      actions: [{ label: 'View the invoice', url: l.invoice(d.invoiceId) }],
    }),
    'credit_note.issued': (d, f, l) => ({
      subject: `Credit note ${d.number}: ${f.money(Math.abs(d.total), d.currency)}`,
      heading: 'A credit note was issued',
      paragraphs: [
        d.creditedInvoiceId
          ? 'It was taken off the open invoice it names.'
          : 'It is refunded to the payment method that paid, or kept as credit.',
      ],
      facts: [
        ['Number', d.number],
        ['Amount', f.money(Math.abs(d.total), d.currency)],
      ],
      actions: [{ label: 'View the credit note', url: l.invoice(d.creditNoteId) }],
    }),
    'invoice.dunning_stage_changed': (d, f, l) => ({
      subject:
        d.stage === 'suspended'
          ? `Suspended: invoice ${d.number} (${f.money(d.amountDue, d.currency)}) is still unpaid`
          : d.stage === 'warning'
            ? `Final warning: pay invoice ${d.number} before ${f.date(d.suspensionAt)}`
            : `Reminder: invoice ${d.number} (${f.money(d.amountDue, d.currency)}) was due ${f.date(d.dueAt)}`,
      heading:
        d.stage === 'suspended'
          ? 'Subscriptions are suspended'
          : d.stage === 'warning'
            ? 'Last reminder before suspension'
            : 'A payment reminder',
      paragraphs: [
        d.stage === 'suspended'
          ? `Invoice ${d.number} is still unpaid, so the subscriptions it bills are disabled. Pay it and they are given back at once.`
          : `Invoice ${d.number} was due on ${f.date(d.dueAt)}. If it is still unpaid on ${f.date(d.suspensionAt)}, the subscriptions it bills are suspended.`,
      ],
      facts: [
        ['Number', d.number],
        ['Amount due', f.money(d.amountDue, d.currency)],
        ['Was due', f.date(d.dueAt)],
      ],
      actions: [{ label: 'Pay the invoice', url: l.invoice(d.invoiceId) }],
    }),
    'subscription.expired': (d, f, l) => ({
      subject: `${f.product(d.productId)} has expired`,
      heading: 'Your subscription has expired',
      paragraphs: [
        `${f.product(d.productId)} has expired. Its users keep access until ${f.date(d.disabledAt)}, when it is disabled. Buy it again to keep it.`,
      ],
      facts: [['Disabled on', f.date(d.disabledAt)]],
      actions: [{ label: 'View the subscription', url: l.subscription(d.subscriptionId) }],
    }),
    'subscription.disabled': (d, f, l) => ({
      subject: `${f.product(d.productId)} is disabled: users have lost access`,
      heading: 'Your subscription is disabled',
      paragraphs: [
        `${f.product(d.productId)} is disabled: its users can no longer use it. Only administrators can reach its data, until it is deleted on ${f.date(d.deletedAt)}.`,
      ],
      facts: [['Deleted on', f.date(d.deletedAt)]],
      actions: [{ label: 'View the subscription', url: l.subscription(d.subscriptionId) }],
    }),
    'subscription.about_to_be_deleted': (d, f, l) => ({
      subject: `${f.product(d.productId)} will be deleted on ${f.date(d.deletedAt)}`,
      heading: 'Your subscription will be deleted soon',
      paragraphs: [
        `${f.product(d.productId)} and its data will be deleted on ${f.date(d.deletedAt)}. Save what you need before then.`,
      ],
      facts: [['Deleted on', f.date(d.deletedAt)]],
      actions: [{ label: 'View the subscription', url: l.subscription(d.subscriptionId) }],
    }),
    'support_request.updated': (d, f, l) => ({
      subject: `Support request “${f.record(d.subjectRecord, d.subject)}”: ${d.change === 'message' ? 'new reply' : d.change}`,
      heading: 'Your support request was updated',
      paragraphs: [
        d.change === 'message'
          ? 'Support replied to your request.'
          : d.change === 'resolved'
            ? 'Support resolved your request.'
            : 'Support declined your request.',
        ...(d.message ? [d.message] : []),
      ],
      facts: [
        ['Request', f.record(d.subjectRecord, d.subject)],
        ...(d.creditAmount ? [['Credit', f.money(d.creditAmount, d.currency)] as [string, string]] : []),
      ],
      actions: [{ label: 'View the request', url: l.supportRequest(d.supportRequestId) }],
    }),
    'license.assigned': (d, f, l) => ({
      subject: `You have a new license: ${f.product(d.productId)}`,
      heading: 'A license was assigned to you',
      paragraphs: [
        `${d.displayName}, you can now use ${f.product(d.productId)} with your account ${d.email}.`,
      ],
      facts: [['License', f.product(d.productId)]],
      actions: [{ label: 'Sign in', url: l.myAccount }],
    }),
  },
};

const frFR: LocaleTexts = {
  greeting: (name) => `Bonjour ${name},`,
  tenant: 'Organisation',
  footerOptional:
    'Vous recevez cet e-mail en tant qu’administrateur de cette organisation. Vous pouvez désactiver ce type d’e-mail dans vos préférences de notification.',
  footerEssential:
    'Vous recevez cet e-mail en tant qu’administrateur de cette organisation. Il concerne un paiement ou la continuité du service : il est toujours envoyé.',
  footerUser:
    'Vous recevez cet e-mail car un administrateur de votre organisation vous a attribué une licence.',
  preferences: 'Préférences de notification',
  events: {
    'order.placed': (d, f, l) => ({
      subject: `Commande confirmée : ${f.money(d.totalDueToday, d.currency)} — facture ${d.invoiceNumber}`,
      heading: 'Merci pour votre commande',
      paragraphs: [
        `Votre commande ${d.orderId} est terminée. ${d.paymentMethod === 'invoice' ? 'Réglez la facture par virement avant sa date d’échéance.' : 'Le montant dû aujourd’hui a été débité.'}`,
      ],
      facts: [
        ...d.lines.map((x): [string, string] => [
          f.product(x.productId),
          `Quantité : ${x.quantity} — ${f.money(x.amount, d.currency)}`,
        ]),
        ['Taxe', f.money(d.tax, d.currency)],
        ['Total dû aujourd’hui', f.money(d.totalDueToday, d.currency)],
        ['Facture', d.invoiceNumber],
      ],
      actions: [{ label: 'Voir la facture', url: l.invoice(d.invoiceId) }],
    }),
    'subscription.quantity_changed': (d, f, l) => ({
      subject:
        d.change === 'scheduled_decrease'
          ? `${f.product(d.productId)} : ${d.to} licences à partir du ${f.date(d.effectiveAt)}`
          : `${f.product(d.productId)} : nombre de licences passé de ${d.from} à ${d.to}`,
      heading: 'Nombre de licences modifié',
      paragraphs: [
        d.change === 'scheduled_decrease'
          ? `Le nombre de licences de ${f.product(d.productId)} passera de ${d.from} à ${d.to} au renouvellement, le ${f.date(d.effectiveAt)}. Rien ne change d’ici là.`
          : d.change === 'scheduled_decrease_withdrawn'
            ? `La réduction prévue pour ${f.product(d.productId)} a été annulée : il sera renouvelé avec ${d.to} licences.`
            : `${f.product(d.productId)} compte désormais ${d.to} licences (au lieu de ${d.from}).`,
      ],
      facts: [
        ['Modification', changeKinds['fr-FR'][d.change]],
        ...(d.total !== 0
          ? [
              [
                d.total > 0 ? 'Débité maintenant' : 'Crédité maintenant',
                f.money(Math.abs(d.total), d.currency),
              ] as [string, string],
            ]
          : []),
      ],
      actions: [{ label: 'Voir l’abonnement', url: l.subscription(d.subscriptionId) }],
    }),
    'subscription.recurring_billing_changed': (d, f, l) => ({
      subject: d.recurringBilling
        ? `Facturation périodique activée pour ${f.product(d.productId)}`
        : `Facturation périodique désactivée : ${f.product(d.productId)} prend fin le ${f.date(d.expiresAt)}`,
      heading: d.recurringBilling
        ? 'La facturation périodique est activée'
        : 'La facturation périodique est désactivée',
      paragraphs: [
        d.recurringBilling
          ? `${f.product(d.productId)} sera renouvelé automatiquement le ${f.date(d.termEnd)}.`
          : `${f.product(d.productId)} ne sera pas renouvelé. Il expire le ${f.date(d.expiresAt)} ; réactivez la facturation périodique avant cette date pour le conserver.`,
      ],
      facts: [['Fin de la période d’engagement', f.date(d.termEnd)]],
      actions: [{ label: 'Voir l’abonnement', url: l.subscription(d.subscriptionId) }],
    }),
    'subscription.renewal_reminder': (d, f, l) => ({
      subject: `${f.product(d.productId)} sera renouvelé dans ${d.daysBefore} jours, le ${f.date(d.termEnd)}`,
      heading: 'Votre abonnement sera bientôt renouvelé',
      paragraphs: [
        `${f.product(d.productId)} sera renouvelé automatiquement le ${f.date(d.termEnd)} avec ${d.renewalQuantity} licences, pour ${f.money(d.periodAmount, d.currency)} HT par période de facturation.`,
        'Pour renouveler avec moins de licences, planifiez une réduction dès maintenant. Pour le laisser prendre fin, désactivez la facturation périodique.',
      ],
      facts: [
        ['Date de renouvellement', f.date(d.termEnd)],
        ['Licences au renouvellement', String(d.renewalQuantity)],
        ['Prix par période (HT)', f.money(d.periodAmount, d.currency)],
      ],
      actions: [
        { label: 'Planifier une réduction', url: l.changeQuantity(d.subscriptionId) },
        { label: 'Désactiver la facturation périodique', url: l.recurringBilling(d.subscriptionId) },
      ],
    }),
    'subscription.renewed': (d, f, l) => ({
      subject: `${f.product(d.productId)} renouvelé jusqu’au ${f.date(d.termEnd)}`,
      heading: 'Votre abonnement a été renouvelé',
      paragraphs: [
        `${f.product(d.productId)} a été renouvelé avec ${d.quantity} licences jusqu’au ${f.date(d.termEnd)}.`,
      ],
      facts: [
        ['Nouvelle période', `${f.date(d.termStart)} – ${f.date(d.termEnd)}`],
        ['Montant', f.money(d.total, d.currency)],
      ],
      actions: [
        { label: 'Voir la facture', url: l.invoice(d.invoiceId) },
        { label: 'Voir l’abonnement', url: l.subscription(d.subscriptionId) },
      ],
    }),
    'payment.failed': (d, f, l) => ({
      subject: `Action requise : le paiement de ${f.money(d.amount, d.currency)} pour ${f.product(d.productId)} a échoué`,
      heading: 'Nous n’avons pas pu encaisser votre paiement',
      paragraphs: [
        `Le paiement de ${f.money(d.amount, d.currency)} pour ${f.product(d.productId)} a été refusé (tentative ${d.attempt}). Nous réessaierons le ${f.date(d.nextAttemptAt)}.`,
        `Que faire : mettez à jour la carte ou ajoutez un autre moyen de paiement. Sans paiement, l’abonnement expirera le ${f.date(d.expiresAt)} et ses utilisateurs perdront ensuite l’accès.`,
      ],
      facts: [
        ['Montant', f.money(d.amount, d.currency)],
        ['Prochaine tentative', f.date(d.nextAttemptAt)],
        ['Expiration sans paiement', f.date(d.expiresAt)],
      ],
      actions: [
        { label: 'Mettre à jour les moyens de paiement', url: l.paymentMethods },
        { label: 'Voir l’abonnement', url: l.subscription(d.subscriptionId) },
      ],
    }),
    'invoice.issued': (d, f, l) => ({
      subject:
        d.kind === 'credit'
          ? `Avoir ${d.number} : ${f.money(Math.abs(d.total), d.currency)}`
          : `Facture ${d.number} : ${f.money(d.total, d.currency)}${d.status === 'paid' ? ' (payée)' : `, échéance le ${f.date(d.dueAt)}`}`,
      heading: d.kind === 'credit' ? 'Un avoir a été émis' : 'Une nouvelle facture est disponible',
      paragraphs: [
        d.status === 'paid' || d.kind === 'credit'
          ? 'Rien d’autre à faire : elle est réglée.'
          : `Merci de la régler avant le ${f.date(d.dueAt)}.`,
      ],
      facts: [
        ['Numéro', d.number],
        ['Total', f.money(d.total, d.currency)],
        ['Échéance', f.date(d.dueAt)],
      ],
      actions: [{ label: 'Voir la facture', url: l.invoice(d.invoiceId) }],
    }),
    'invoice.overdue': (d, f, l) => ({
      subject: `En retard : la facture ${d.number} (${f.money(d.total, d.currency)}) était due le ${f.date(d.dueAt)}`,
      heading: 'Une facture est en retard de paiement',
      paragraphs: [
        `La facture ${d.number} de ${f.money(d.total, d.currency)} était due le ${f.date(d.dueAt)} et n’est pas encore payée. Réglez-la pour éviter la suspension des abonnements qu’elle couvre.`,
      ],
      facts: [
        ['Numéro', d.number],
        ['Montant', f.money(d.total, d.currency)],
        ['Échéance', f.date(d.dueAt)],
      ],
      actions: [{ label: 'Voir la facture', url: l.invoice(d.invoiceId) }],
    }),
    'credit_note.issued': (d, f, l) => ({
      subject: `Avoir ${d.number} : ${f.money(Math.abs(d.total), d.currency)}`,
      heading: 'Un avoir a été émis',
      paragraphs: [
        d.creditedInvoiceId
          ? 'Il a été déduit de la facture ouverte qu’il mentionne.'
          : 'Il est remboursé sur le moyen de paiement utilisé, ou conservé en crédit.',
      ],
      facts: [
        ['Numéro', d.number],
        ['Montant', f.money(Math.abs(d.total), d.currency)],
      ],
      actions: [{ label: 'Voir l’avoir', url: l.invoice(d.creditNoteId) }],
    }),
    'invoice.dunning_stage_changed': (d, f, l) => ({
      subject:
        d.stage === 'suspended'
          ? `Suspension : la facture ${d.number} (${f.money(d.amountDue, d.currency)}) reste impayée`
          : d.stage === 'warning'
            ? `Dernier avertissement : réglez la facture ${d.number} avant le ${f.date(d.suspensionAt)}`
            : `Relance : la facture ${d.number} (${f.money(d.amountDue, d.currency)}) était due le ${f.date(d.dueAt)}`,
      heading:
        d.stage === 'suspended'
          ? 'Des abonnements sont suspendus'
          : d.stage === 'warning'
            ? 'Dernière relance avant suspension'
            : 'Relance de paiement',
      paragraphs: [
        d.stage === 'suspended'
          ? `La facture ${d.number} reste impayée : les abonnements qu’elle facture sont désactivés. Réglez-la et ils sont rétablis aussitôt.`
          : `La facture ${d.number} était due le ${f.date(d.dueAt)}. Si elle est toujours impayée le ${f.date(d.suspensionAt)}, les abonnements qu’elle facture seront suspendus.`,
      ],
      facts: [
        ['Numéro', d.number],
        ['Montant dû', f.money(d.amountDue, d.currency)],
        ['Échéance', f.date(d.dueAt)],
      ],
      actions: [{ label: 'Payer la facture', url: l.invoice(d.invoiceId) }],
    }),
    'subscription.expired': (d, f, l) => ({
      subject: `${f.product(d.productId)} a expiré`,
      heading: 'Votre abonnement a expiré',
      paragraphs: [
        `${f.product(d.productId)} a expiré. Ses utilisateurs gardent l’accès jusqu’au ${f.date(d.disabledAt)}, date à laquelle il sera désactivé. Achetez-le à nouveau pour le conserver.`,
      ],
      facts: [['Désactivé le', f.date(d.disabledAt)]],
      actions: [{ label: 'Voir l’abonnement', url: l.subscription(d.subscriptionId) }],
    }),
    'subscription.disabled': (d, f, l) => ({
      subject: `${f.product(d.productId)} est désactivé : les utilisateurs ont perdu l’accès`,
      heading: 'Votre abonnement est désactivé',
      paragraphs: [
        `${f.product(d.productId)} est désactivé : ses utilisateurs ne peuvent plus l’utiliser. Seuls les administrateurs accèdent à ses données, jusqu’à sa suppression le ${f.date(d.deletedAt)}.`,
      ],
      facts: [['Supprimé le', f.date(d.deletedAt)]],
      actions: [{ label: 'Voir l’abonnement', url: l.subscription(d.subscriptionId) }],
    }),
    'subscription.about_to_be_deleted': (d, f, l) => ({
      subject: `${f.product(d.productId)} sera supprimé le ${f.date(d.deletedAt)}`,
      heading: 'Votre abonnement sera bientôt supprimé',
      paragraphs: [
        `${f.product(d.productId)} et ses données seront supprimés le ${f.date(d.deletedAt)}. Enregistrez ce dont vous avez besoin d’ici là.`,
      ],
      facts: [['Supprimé le', f.date(d.deletedAt)]],
      actions: [{ label: 'Voir l’abonnement', url: l.subscription(d.subscriptionId) }],
    }),
    'support_request.updated': (d, f, l) => ({
      subject: `Demande de support « ${f.record(d.subjectRecord, d.subject)} » : ${d.change === 'message' ? 'nouvelle réponse' : d.change === 'resolved' ? 'résolue' : 'refusée'}`,
      heading: 'Votre demande de support a été mise à jour',
      paragraphs: [
        d.change === 'message'
          ? 'Le support a répondu à votre demande.'
          : d.change === 'resolved'
            ? 'Le support a résolu votre demande.'
            : 'Le support a refusé votre demande.',
        ...(d.message ? [d.message] : []),
      ],
      facts: [
        ['Demande', f.record(d.subjectRecord, d.subject)],
        ...(d.creditAmount ? [['Avoir', f.money(d.creditAmount, d.currency)] as [string, string]] : []),
      ],
      actions: [{ label: 'Voir la demande', url: l.supportRequest(d.supportRequestId) }],
    }),
    'license.assigned': (d, f, l) => ({
      subject: `Vous avez une nouvelle licence : ${f.product(d.productId)}`,
      heading: 'Une licence vous a été attribuée',
      paragraphs: [
        `${d.displayName}, vous pouvez désormais utiliser ${f.product(d.productId)} avec votre compte ${d.email}.`,
      ],
      facts: [['Licence', f.product(d.productId)]],
      actions: [{ label: 'Se connecter', url: l.myAccount }],
    }),
  },
};

const deDE: LocaleTexts = {
  greeting: (name) => `Hallo ${name},`,
  tenant: 'Organisation',
  footerOptional:
    'Sie erhalten diese E-Mail als Administrator dieser Organisation. Sie können diese Art von E-Mail in Ihren Benachrichtigungseinstellungen deaktivieren.',
  footerEssential:
    'Sie erhalten diese E-Mail als Administrator dieser Organisation. Sie betrifft eine Zahlung oder die Fortführung des Dienstes und wird daher immer gesendet.',
  footerUser:
    'Sie erhalten diese E-Mail, weil ein Administrator Ihrer Organisation Ihnen eine Lizenz zugewiesen hat.',
  preferences: 'Benachrichtigungseinstellungen',
  events: {
    'order.placed': (d, f, l) => ({
      subject: `Bestellung bestätigt: ${f.money(d.totalDueToday, d.currency)} – Rechnung ${d.invoiceNumber}`,
      heading: 'Vielen Dank für Ihre Bestellung',
      paragraphs: [
        `Ihre Bestellung ${d.orderId} ist abgeschlossen. ${d.paymentMethod === 'invoice' ? 'Bitte überweisen Sie den Rechnungsbetrag bis zum Fälligkeitsdatum.' : 'Der heute fällige Betrag wurde belastet.'}`,
      ],
      facts: [
        ...d.lines.map((x): [string, string] => [
          f.product(x.productId),
          `Menge: ${x.quantity} — ${f.money(x.amount, d.currency)}`,
        ]),
        ['Steuer', f.money(d.tax, d.currency)],
        ['Heute fällig', f.money(d.totalDueToday, d.currency)],
        ['Rechnung', d.invoiceNumber],
      ],
      actions: [{ label: 'Rechnung anzeigen', url: l.invoice(d.invoiceId) }],
    }),
    'subscription.quantity_changed': (d, f, l) => ({
      subject:
        d.change === 'scheduled_decrease'
          ? `${f.product(d.productId)}: ${d.to} Lizenzen ab ${f.date(d.effectiveAt)}`
          : `${f.product(d.productId)}: Lizenzanzahl von ${d.from} auf ${d.to} geändert`,
      heading: 'Lizenzanzahl geändert',
      paragraphs: [
        d.change === 'scheduled_decrease'
          ? `Die Lizenzanzahl von ${f.product(d.productId)} sinkt bei der Verlängerung am ${f.date(d.effectiveAt)} von ${d.from} auf ${d.to}. Bis dahin ändert sich nichts.`
          : d.change === 'scheduled_decrease_withdrawn'
            ? `Die geplante Reduzierung für ${f.product(d.productId)} wurde zurückgenommen: Es wird mit ${d.to} Lizenzen verlängert.`
            : `${f.product(d.productId)} hat jetzt ${d.to} Lizenzen (vorher ${d.from}).`,
      ],
      facts: [
        ['Änderung', changeKinds['de-DE'][d.change]],
        ...(d.total !== 0
          ? [
              [
                d.total > 0 ? 'Jetzt belastet' : 'Jetzt gutgeschrieben',
                f.money(Math.abs(d.total), d.currency),
              ] as [string, string],
            ]
          : []),
      ],
      actions: [{ label: 'Abonnement anzeigen', url: l.subscription(d.subscriptionId) }],
    }),
    'subscription.recurring_billing_changed': (d, f, l) => ({
      subject: d.recurringBilling
        ? `Wiederkehrende Abrechnung für ${f.product(d.productId)} aktiviert`
        : `Wiederkehrende Abrechnung deaktiviert: ${f.product(d.productId)} endet am ${f.date(d.expiresAt)}`,
      heading: d.recurringBilling
        ? 'Wiederkehrende Abrechnung ist aktiviert'
        : 'Wiederkehrende Abrechnung ist deaktiviert',
      paragraphs: [
        d.recurringBilling
          ? `${f.product(d.productId)} wird am ${f.date(d.termEnd)} automatisch verlängert.`
          : `${f.product(d.productId)} wird nicht verlängert und läuft am ${f.date(d.expiresAt)} ab. Aktivieren Sie die wiederkehrende Abrechnung vorher wieder, um es zu behalten.`,
      ],
      facts: [['Laufzeitende', f.date(d.termEnd)]],
      actions: [{ label: 'Abonnement anzeigen', url: l.subscription(d.subscriptionId) }],
    }),
    'subscription.renewal_reminder': (d, f, l) => ({
      subject: `${f.product(d.productId)} wird in ${d.daysBefore} Tagen verlängert, am ${f.date(d.termEnd)}`,
      heading: 'Ihr Abonnement wird bald verlängert',
      paragraphs: [
        `${f.product(d.productId)} wird am ${f.date(d.termEnd)} automatisch mit ${d.renewalQuantity} Lizenzen verlängert, für ${f.money(d.periodAmount, d.currency)} pro Abrechnungszeitraum zzgl. Steuer.`,
        'Um mit weniger Lizenzen zu verlängern, planen Sie jetzt eine Reduzierung. Um es enden zu lassen, deaktivieren Sie die wiederkehrende Abrechnung.',
      ],
      facts: [
        ['Verlängerungsdatum', f.date(d.termEnd)],
        ['Lizenzen bei Verlängerung', String(d.renewalQuantity)],
        ['Preis pro Zeitraum (netto)', f.money(d.periodAmount, d.currency)],
      ],
      actions: [
        { label: 'Reduzierung planen', url: l.changeQuantity(d.subscriptionId) },
        { label: 'Wiederkehrende Abrechnung deaktivieren', url: l.recurringBilling(d.subscriptionId) },
      ],
    }),
    'subscription.renewed': (d, f, l) => ({
      subject: `${f.product(d.productId)} verlängert bis ${f.date(d.termEnd)}`,
      heading: 'Ihr Abonnement wurde verlängert',
      paragraphs: [
        `${f.product(d.productId)} wurde mit ${d.quantity} Lizenzen bis ${f.date(d.termEnd)} verlängert.`,
      ],
      facts: [
        ['Neue Laufzeit', `${f.date(d.termStart)} – ${f.date(d.termEnd)}`],
        ['Betrag', f.money(d.total, d.currency)],
      ],
      actions: [
        { label: 'Rechnung anzeigen', url: l.invoice(d.invoiceId) },
        { label: 'Abonnement anzeigen', url: l.subscription(d.subscriptionId) },
      ],
    }),
    'payment.failed': (d, f, l) => ({
      subject: `Handlungsbedarf: Zahlung von ${f.money(d.amount, d.currency)} für ${f.product(d.productId)} fehlgeschlagen`,
      heading: 'Wir konnten Ihre Zahlung nicht einziehen',
      paragraphs: [
        `Die Zahlung von ${f.money(d.amount, d.currency)} für ${f.product(d.productId)} wurde abgelehnt (Versuch ${d.attempt}). Wir versuchen es am ${f.date(d.nextAttemptAt)} erneut.`,
        `Was zu tun ist: Aktualisieren Sie die Karte oder fügen Sie eine andere Zahlungsmethode hinzu. Ohne erfolgreiche Zahlung läuft das Abonnement am ${f.date(d.expiresAt)} ab und seine Benutzer verlieren später den Zugriff.`,
      ],
      facts: [
        ['Betrag', f.money(d.amount, d.currency)],
        ['Nächster Versuch', f.date(d.nextAttemptAt)],
        ['Ablauf ohne Zahlung', f.date(d.expiresAt)],
      ],
      actions: [
        { label: 'Zahlungsmethoden aktualisieren', url: l.paymentMethods },
        { label: 'Abonnement anzeigen', url: l.subscription(d.subscriptionId) },
      ],
    }),
    'invoice.issued': (d, f, l) => ({
      subject:
        d.kind === 'credit'
          ? `Gutschrift ${d.number}: ${f.money(Math.abs(d.total), d.currency)}`
          : `Rechnung ${d.number}: ${f.money(d.total, d.currency)}${d.status === 'paid' ? ' (bezahlt)' : `, fällig am ${f.date(d.dueAt)}`}`,
      heading: d.kind === 'credit' ? 'Eine Gutschrift wurde ausgestellt' : 'Eine neue Rechnung ist verfügbar',
      paragraphs: [
        d.status === 'paid' || d.kind === 'credit'
          ? 'Sie müssen nichts weiter tun: Sie ist beglichen.'
          : `Bitte bezahlen Sie sie bis zum ${f.date(d.dueAt)}.`,
      ],
      facts: [
        ['Nummer', d.number],
        ['Gesamt', f.money(d.total, d.currency)],
        ['Fälligkeitsdatum', f.date(d.dueAt)],
      ],
      actions: [{ label: 'Rechnung anzeigen', url: l.invoice(d.invoiceId) }],
    }),
    'invoice.overdue': (d, f, l) => ({
      subject: `Überfällig: Rechnung ${d.number} (${f.money(d.total, d.currency)}) war am ${f.date(d.dueAt)} fällig`,
      heading: 'Eine Rechnung ist überfällig',
      paragraphs: [
        `Die Rechnung ${d.number} über ${f.money(d.total, d.currency)} war am ${f.date(d.dueAt)} fällig und ist noch nicht bezahlt. Bezahlen Sie sie, um die Sperrung der zugehörigen Abonnements zu vermeiden.`,
      ],
      facts: [
        ['Nummer', d.number],
        ['Betrag', f.money(d.total, d.currency)],
        ['Fällig am', f.date(d.dueAt)],
      ],
      actions: [{ label: 'Rechnung anzeigen', url: l.invoice(d.invoiceId) }],
    }),
    'credit_note.issued': (d, f, l) => ({
      subject: `Gutschrift ${d.number}: ${f.money(Math.abs(d.total), d.currency)}`,
      heading: 'Eine Gutschrift wurde ausgestellt',
      paragraphs: [
        d.creditedInvoiceId
          ? 'Sie wurde von der genannten offenen Rechnung abgezogen.'
          : 'Sie wird auf die verwendete Zahlungsmethode erstattet oder als Guthaben geführt.',
      ],
      facts: [
        ['Nummer', d.number],
        ['Betrag', f.money(Math.abs(d.total), d.currency)],
      ],
      actions: [{ label: 'Gutschrift anzeigen', url: l.invoice(d.creditNoteId) }],
    }),
    'invoice.dunning_stage_changed': (d, f, l) => ({
      subject:
        d.stage === 'suspended'
          ? `Gesperrt: Rechnung ${d.number} (${f.money(d.amountDue, d.currency)}) ist weiterhin unbezahlt`
          : d.stage === 'warning'
            ? `Letzte Mahnung: Bezahlen Sie Rechnung ${d.number} vor dem ${f.date(d.suspensionAt)}`
            : `Zahlungserinnerung: Rechnung ${d.number} (${f.money(d.amountDue, d.currency)}) war am ${f.date(d.dueAt)} fällig`,
      heading:
        d.stage === 'suspended'
          ? 'Abonnements wurden gesperrt'
          : d.stage === 'warning'
            ? 'Letzte Erinnerung vor der Sperrung'
            : 'Zahlungserinnerung',
      paragraphs: [
        d.stage === 'suspended'
          ? `Rechnung ${d.number} ist weiterhin unbezahlt, daher sind die damit abgerechneten Abonnements deaktiviert. Nach der Zahlung werden sie sofort wiederhergestellt.`
          : `Rechnung ${d.number} war am ${f.date(d.dueAt)} fällig. Ist sie am ${f.date(d.suspensionAt)} noch unbezahlt, werden die damit abgerechneten Abonnements gesperrt.`,
      ],
      facts: [
        ['Nummer', d.number],
        ['Fälliger Betrag', f.money(d.amountDue, d.currency)],
        ['Fälligkeitsdatum', f.date(d.dueAt)],
      ],
      actions: [{ label: 'Rechnung bezahlen', url: l.invoice(d.invoiceId) }],
    }),
    'subscription.expired': (d, f, l) => ({
      subject: `${f.product(d.productId)} ist abgelaufen`,
      heading: 'Ihr Abonnement ist abgelaufen',
      paragraphs: [
        `${f.product(d.productId)} ist abgelaufen. Seine Benutzer behalten den Zugriff bis ${f.date(d.disabledAt)}, dann wird es deaktiviert. Kaufen Sie es erneut, um es zu behalten.`,
      ],
      facts: [['Deaktiviert am', f.date(d.disabledAt)]],
      actions: [{ label: 'Abonnement anzeigen', url: l.subscription(d.subscriptionId) }],
    }),
    'subscription.disabled': (d, f, l) => ({
      subject: `${f.product(d.productId)} ist deaktiviert: Benutzer haben den Zugriff verloren`,
      heading: 'Ihr Abonnement ist deaktiviert',
      paragraphs: [
        `${f.product(d.productId)} ist deaktiviert: Seine Benutzer können es nicht mehr verwenden. Nur Administratoren erreichen seine Daten, bis es am ${f.date(d.deletedAt)} gelöscht wird.`,
      ],
      facts: [['Gelöscht am', f.date(d.deletedAt)]],
      actions: [{ label: 'Abonnement anzeigen', url: l.subscription(d.subscriptionId) }],
    }),
    'subscription.about_to_be_deleted': (d, f, l) => ({
      subject: `${f.product(d.productId)} wird am ${f.date(d.deletedAt)} gelöscht`,
      heading: 'Ihr Abonnement wird bald gelöscht',
      paragraphs: [
        `${f.product(d.productId)} und seine Daten werden am ${f.date(d.deletedAt)} gelöscht. Sichern Sie bis dahin, was Sie benötigen.`,
      ],
      facts: [['Gelöscht am', f.date(d.deletedAt)]],
      actions: [{ label: 'Abonnement anzeigen', url: l.subscription(d.subscriptionId) }],
    }),
    'support_request.updated': (d, f, l) => ({
      subject: `Supportanfrage „${f.record(d.subjectRecord, d.subject)}“: ${d.change === 'message' ? 'neue Antwort' : d.change === 'resolved' ? 'gelöst' : 'abgelehnt'}`,
      heading: 'Ihre Supportanfrage wurde aktualisiert',
      paragraphs: [
        d.change === 'message'
          ? 'Der Support hat auf Ihre Anfrage geantwortet.'
          : d.change === 'resolved'
            ? 'Der Support hat Ihre Anfrage gelöst.'
            : 'Der Support hat Ihre Anfrage abgelehnt.',
        ...(d.message ? [d.message] : []),
      ],
      facts: [
        ['Anfrage', f.record(d.subjectRecord, d.subject)],
        ...(d.creditAmount ? [['Gutschrift', f.money(d.creditAmount, d.currency)] as [string, string]] : []),
      ],
      actions: [{ label: 'Anfrage anzeigen', url: l.supportRequest(d.supportRequestId) }],
    }),
    'license.assigned': (d, f, l) => ({
      subject: `Sie haben eine neue Lizenz: ${f.product(d.productId)}`,
      heading: 'Ihnen wurde eine Lizenz zugewiesen',
      paragraphs: [
        `${d.displayName}, Sie können ${f.product(d.productId)} jetzt mit Ihrem Konto ${d.email} verwenden.`,
      ],
      facts: [['Lizenz', f.product(d.productId)]],
      actions: [{ label: 'Anmelden', url: l.myAccount }],
    }),
  },
};

const zhCN: LocaleTexts = {
  greeting: (name) => `${name}，您好：`,
  tenant: '组织',
  footerOptional: '您以此组织管理员的身份收到此邮件。您可以在通知首选项中关闭此类邮件。',
  footerEssential: '您以此组织管理员的身份收到此邮件。此邮件涉及付款或服务连续性，因此始终会发送。',
  footerUser: '您收到此邮件是因为您所在组织的管理员为您分配了许可证。',
  preferences: '通知首选项',
  events: {
    'order.placed': (d, f, l) => ({
      subject: `订单已确认：${f.money(d.totalDueToday, d.currency)}，发票 ${d.invoiceNumber}`,
      heading: '感谢您的订购',
      paragraphs: [
        `您的订单 ${d.orderId} 已完成。${d.paymentMethod === 'invoice' ? '请在到期日前通过银行转账支付发票。' : '今日应付金额已扣款。'}`,
      ],
      facts: [
        ...d.lines.map((x): [string, string] => [
          f.product(x.productId),
          `数量：${x.quantity} — ${f.money(x.amount, d.currency)}`,
        ]),
        ['税费', f.money(d.tax, d.currency)],
        ['今日应付总额', f.money(d.totalDueToday, d.currency)],
        ['发票', d.invoiceNumber],
      ],
      actions: [{ label: '查看发票', url: l.invoice(d.invoiceId) }],
    }),
    'subscription.quantity_changed': (d, f, l) => ({
      subject:
        d.change === 'scheduled_decrease'
          ? `${f.product(d.productId)}：自 ${f.date(d.effectiveAt)} 起为 ${d.to} 个许可证`
          : `${f.product(d.productId)}：许可证数量已从 ${d.from} 更改为 ${d.to}`,
      heading: '许可证数量已更改',
      paragraphs: [
        d.change === 'scheduled_decrease'
          ? `${f.product(d.productId)} 的许可证数量将在 ${f.date(d.effectiveAt)} 续订时从 ${d.from} 减少到 ${d.to}。在此之前不会有任何变化。`
          : d.change === 'scheduled_decrease_withdrawn'
            ? `${f.product(d.productId)} 计划的减少已撤销：将以 ${d.to} 个许可证续订。`
            : `${f.product(d.productId)} 现在有 ${d.to} 个许可证（之前为 ${d.from} 个）。`,
      ],
      facts: [
        ['更改', changeKinds['zh-CN'][d.change]],
        ...(d.total !== 0
          ? [
              [d.total > 0 ? '已立即扣款' : '已立即退款', f.money(Math.abs(d.total), d.currency)] as [
                string,
                string,
              ],
            ]
          : []),
      ],
      actions: [{ label: '查看订阅', url: l.subscription(d.subscriptionId) }],
    }),
    'subscription.recurring_billing_changed': (d, f, l) => ({
      subject: d.recurringBilling
        ? `已为 ${f.product(d.productId)} 启用定期计费`
        : `已关闭定期计费：${f.product(d.productId)} 将于 ${f.date(d.expiresAt)} 结束`,
      heading: d.recurringBilling ? '定期计费已启用' : '定期计费已关闭',
      paragraphs: [
        d.recurringBilling
          ? `${f.product(d.productId)} 将于 ${f.date(d.termEnd)} 自动续订。`
          : `${f.product(d.productId)} 不会续订，将于 ${f.date(d.expiresAt)} 过期。如需保留，请在此之前重新启用定期计费。`,
      ],
      facts: [['期限结束', f.date(d.termEnd)]],
      actions: [{ label: '查看订阅', url: l.subscription(d.subscriptionId) }],
    }),
    'subscription.renewal_reminder': (d, f, l) => ({
      subject: `${f.product(d.productId)} 将在 ${d.daysBefore} 天后（${f.date(d.termEnd)}）续订`,
      heading: '您的订阅即将续订',
      paragraphs: [
        `${f.product(d.productId)} 将于 ${f.date(d.termEnd)} 以 ${d.renewalQuantity} 个许可证自动续订，每个计费周期 ${f.money(d.periodAmount, d.currency)}（不含税）。`,
        '如需以更少的许可证续订，请立即计划减少。如需让其结束，请关闭定期计费。',
      ],
      facts: [
        ['续订日期', f.date(d.termEnd)],
        ['续订时的许可证', String(d.renewalQuantity)],
        ['每周期价格（不含税）', f.money(d.periodAmount, d.currency)],
      ],
      actions: [
        { label: '计划减少', url: l.changeQuantity(d.subscriptionId) },
        { label: '关闭定期计费', url: l.recurringBilling(d.subscriptionId) },
      ],
    }),
    'subscription.renewed': (d, f, l) => ({
      subject: `${f.product(d.productId)} 已续订至 ${f.date(d.termEnd)}`,
      heading: '您的订阅已续订',
      paragraphs: [`${f.product(d.productId)} 已以 ${d.quantity} 个许可证续订至 ${f.date(d.termEnd)}。`],
      facts: [
        ['新期限', `${f.date(d.termStart)} – ${f.date(d.termEnd)}`],
        ['金额', f.money(d.total, d.currency)],
      ],
      actions: [
        { label: '查看发票', url: l.invoice(d.invoiceId) },
        { label: '查看订阅', url: l.subscription(d.subscriptionId) },
      ],
    }),
    'payment.failed': (d, f, l) => ({
      subject: `需要操作：${f.product(d.productId)} 的 ${f.money(d.amount, d.currency)} 付款失败`,
      heading: '我们无法收取您的付款',
      paragraphs: [
        `${f.product(d.productId)} 的 ${f.money(d.amount, d.currency)} 付款被拒绝（第 ${d.attempt} 次尝试）。我们将于 ${f.date(d.nextAttemptAt)} 重试。`,
        `处理方法：更新银行卡或添加其他付款方式。如果付款一直未成功，订阅将于 ${f.date(d.expiresAt)} 过期，其用户随后将失去访问权限。`,
      ],
      facts: [
        ['金额', f.money(d.amount, d.currency)],
        ['下次尝试', f.date(d.nextAttemptAt)],
        ['未付款时过期', f.date(d.expiresAt)],
      ],
      actions: [
        { label: '更新付款方式', url: l.paymentMethods },
        { label: '查看订阅', url: l.subscription(d.subscriptionId) },
      ],
    }),
    'invoice.issued': (d, f, l) => ({
      subject:
        d.kind === 'credit'
          ? `贷项通知单 ${d.number}：${f.money(Math.abs(d.total), d.currency)}`
          : `发票 ${d.number}：${f.money(d.total, d.currency)}${d.status === 'paid' ? '（已付款）' : `，到期日 ${f.date(d.dueAt)}`}`,
      heading: d.kind === 'credit' ? '已开具贷项通知单' : '有一张新发票',
      paragraphs: [
        d.status === 'paid' || d.kind === 'credit'
          ? '无需其他操作：已结清。'
          : `请在 ${f.date(d.dueAt)} 前付款。`,
      ],
      facts: [
        ['编号', d.number],
        ['总计', f.money(d.total, d.currency)],
        ['到期日', f.date(d.dueAt)],
      ],
      actions: [{ label: '查看发票', url: l.invoice(d.invoiceId) }],
    }),
    'invoice.overdue': (d, f, l) => ({
      subject: `逾期：发票 ${d.number}（${f.money(d.total, d.currency)}）已于 ${f.date(d.dueAt)} 到期`,
      heading: '有一张发票已逾期',
      paragraphs: [
        `发票 ${d.number}（${f.money(d.total, d.currency)}）已于 ${f.date(d.dueAt)} 到期，尚未付款。请付款以避免其涵盖的订阅被暂停。`,
      ],
      facts: [
        ['编号', d.number],
        ['金额', f.money(d.total, d.currency)],
        ['到期日', f.date(d.dueAt)],
      ],
      actions: [{ label: '查看发票', url: l.invoice(d.invoiceId) }],
    }),
    'credit_note.issued': (d, f, l) => ({
      subject: `贷项通知单 ${d.number}：${f.money(Math.abs(d.total), d.currency)}`,
      heading: '已开具贷项通知单',
      paragraphs: [
        d.creditedInvoiceId ? '已从其所列的未结发票中扣除。' : '将退还到原付款方式，或作为余额保留。',
      ],
      facts: [
        ['编号', d.number],
        ['金额', f.money(Math.abs(d.total), d.currency)],
      ],
      actions: [{ label: '查看贷项通知单', url: l.invoice(d.creditNoteId) }],
    }),
    'invoice.dunning_stage_changed': (d, f, l) => ({
      subject:
        d.stage === 'suspended'
          ? `已暂停：发票 ${d.number}（${f.money(d.amountDue, d.currency)}）仍未付款`
          : d.stage === 'warning'
            ? `最后警告：请在 ${f.date(d.suspensionAt)} 前支付发票 ${d.number}`
            : `付款提醒：发票 ${d.number}（${f.money(d.amountDue, d.currency)}）已于 ${f.date(d.dueAt)} 到期`,
      heading:
        d.stage === 'suspended' ? '订阅已暂停' : d.stage === 'warning' ? '暂停前的最后提醒' : '付款提醒',
      paragraphs: [
        d.stage === 'suspended'
          ? `发票 ${d.number} 仍未付款，其涵盖的订阅已被禁用。付款后将立即恢复。`
          : `发票 ${d.number} 已于 ${f.date(d.dueAt)} 到期。如果到 ${f.date(d.suspensionAt)} 仍未付款，其涵盖的订阅将被暂停。`,
      ],
      facts: [
        ['编号', d.number],
        ['应付金额', f.money(d.amountDue, d.currency)],
        ['到期日', f.date(d.dueAt)],
      ],
      actions: [{ label: '支付发票', url: l.invoice(d.invoiceId) }],
    }),
    'subscription.expired': (d, f, l) => ({
      subject: `${f.product(d.productId)} 已过期`,
      heading: '您的订阅已过期',
      paragraphs: [
        `${f.product(d.productId)} 已过期。其用户在 ${f.date(d.disabledAt)} 之前仍可访问，届时订阅将被禁用。如需保留，请重新购买。`,
      ],
      facts: [['禁用日期', f.date(d.disabledAt)]],
      actions: [{ label: '查看订阅', url: l.subscription(d.subscriptionId) }],
    }),
    'subscription.disabled': (d, f, l) => ({
      subject: `${f.product(d.productId)} 已禁用：用户已失去访问权限`,
      heading: '您的订阅已禁用',
      paragraphs: [
        `${f.product(d.productId)} 已禁用：其用户无法再使用。只有管理员可以访问其数据，直到 ${f.date(d.deletedAt)} 被删除。`,
      ],
      facts: [['删除日期', f.date(d.deletedAt)]],
      actions: [{ label: '查看订阅', url: l.subscription(d.subscriptionId) }],
    }),
    'subscription.about_to_be_deleted': (d, f, l) => ({
      subject: `${f.product(d.productId)} 将于 ${f.date(d.deletedAt)} 被删除`,
      heading: '您的订阅即将被删除',
      paragraphs: [
        `${f.product(d.productId)} 及其数据将于 ${f.date(d.deletedAt)} 被删除。请在此之前保存所需内容。`,
      ],
      facts: [['删除日期', f.date(d.deletedAt)]],
      actions: [{ label: '查看订阅', url: l.subscription(d.subscriptionId) }],
    }),
    'support_request.updated': (d, f, l) => ({
      subject: `支持请求“${f.record(d.subjectRecord, d.subject)}”：${d.change === 'message' ? '新回复' : d.change === 'resolved' ? '已解决' : '已拒绝'}`,
      heading: '您的支持请求已更新',
      paragraphs: [
        d.change === 'message'
          ? '支持人员已回复您的请求。'
          : d.change === 'resolved'
            ? '支持人员已解决您的请求。'
            : '支持人员已拒绝您的请求。',
        ...(d.message ? [d.message] : []),
      ],
      facts: [
        ['请求', f.record(d.subjectRecord, d.subject)],
        ...(d.creditAmount ? [['退款', f.money(d.creditAmount, d.currency)] as [string, string]] : []),
      ],
      actions: [{ label: '查看请求', url: l.supportRequest(d.supportRequestId) }],
    }),
    'license.assigned': (d, f, l) => ({
      subject: `您有一个新许可证：${f.product(d.productId)}`,
      heading: '已为您分配许可证',
      paragraphs: [`${d.displayName}，您现在可以使用账户 ${d.email} 使用 ${f.product(d.productId)}。`],
      facts: [['许可证', f.product(d.productId)]],
      actions: [{ label: '登录', url: l.myAccount }],
    }),
  },
};

export const mailTexts: Record<MailLocale, LocaleTexts> = {
  'en-US': enUS,
  'fr-FR': frFR,
  'de-DE': deDE,
  'zh-CN': zhCN,
};
