import type { UiLocale } from '../../shared/locale.js';
import type { AuditParams } from '../audit/index.js';
import type { RecordFormat } from './records.catalog.js';

/** The audit actions the log describes in words. Another action reads "<thing>: <action>". */
export const describedAuditActions = [
  'api_token.created',
  'api_token.revoked',
  'billing_profile.updated',
  'catalog.imported',
  'invoice.paid',
  'invoice.partially_paid',
  'invoice.payment_declined',
  'invoice.dunning_first_reminder',
  'invoice.dunning_second_reminder',
  'invoice.dunning_warning',
  'invoice.dunning_suspended',
  'license.assigned',
  'license.unassigned',
  'order.placed',
  'order.payment_declined',
  'payment_method.added',
  'payment_method.made_default',
  'payment_method.removed',
  'subscription.created',
  'subscription.cancelled',
  'subscription.deleted',
  'subscription.expired',
  'subscription.disabled',
  'subscription.suspended',
  'subscription.suspension_lifted',
  'subscription.removed_by_support',
  'subscription.renewed',
  'subscription.period_billed',
  'subscription.renewal_failed',
  'subscription.period_charge_failed',
  'subscription.period_charge_refunded',
  'subscription.recurring_billing.on',
  'subscription.recurring_billing.off',
  'subscription.quantity.increase',
  'subscription.quantity.increase_reverted',
  'subscription.quantity.decrease',
  'subscription.quantity.scheduled_decrease',
  'subscription.quantity.scheduled_decrease_withdrawn',
  'support_request.created',
  'support_request.resolved',
  'support_request.rejected',
  'tenant.created',
  'tenant.security_changed',
  'user.created',
  'user.updated',
  'user.role_changed',
  'user.deleted',
  'user.signed_in',
  'user.sign_in_failed',
  'user.sign_in_locked',
  'user.second_step_failed',
  'user.signed_out_everywhere',
  'user.password_changed',
  'user.two_step_enabled',
  'user.two_step_disabled',
  'user.api_tokens_revoked',
  'users.imported',
] as const;
export type DescribedAuditAction = (typeof describedAuditActions)[number];

type Sentence = (p: AuditParams, f: RecordFormat) => string;

export interface AuditWords {
  actions: { [A in DescribedAuditAction]: Sentence };
  /** For an action not listed: the kind of thing it changed. */
  entities: Record<string, string>;
  /** Appended to an action that ended an add-on because its base ended. */
  cascade: string;
}

const product = (p: AuditParams, f: RecordFormat) => (p.productId ? f.product(p.productId) : '');
const fromTo = (p: AuditParams, f: RecordFormat) =>
  p.from !== undefined && p.to !== undefined ? ` (${f.number(p.from)} → ${f.number(p.to)})` : '';
/** "Word: thing" when there is a thing, just "Word" otherwise. */
const about = (word: string, thing: string, sep = ': ') => (thing ? `${word}${sep}${thing}` : word);

/**
 * Audit descriptions in every UI language; the type requires every listed action in every
 * locale. German and Chinese in the words of Microsoft's admin center.
 */
export const auditWords: { [L in UiLocale]: AuditWords } = {
  'en-US': {
    cascade: ' (with its base subscription)',
    entities: {
      subscription: 'Subscription',
      invoice: 'Invoice',
      user: 'User',
      tenant: 'Organization',
      order: 'Order',
    },
    actions: {
      'api_token.created': () => 'API token created',
      'api_token.revoked': () => 'API token revoked',
      'billing_profile.updated': () => 'Billing profile updated',
      'catalog.imported': () => 'Catalog imported',
      'invoice.paid': (p) => about('Invoice paid', p.number ?? ''),
      'invoice.partially_paid': (p) => about('Payment received on invoice', p.number ?? ''),
      'invoice.payment_declined': (p) => about('Invoice payment declined', p.number ?? ''),
      'invoice.dunning_first_reminder': (p) => about('First payment reminder', p.number ?? ''),
      'invoice.dunning_second_reminder': (p) => about('Second payment reminder', p.number ?? ''),
      'invoice.dunning_warning': (p) => about('Final warning before suspension', p.number ?? ''),
      'invoice.dunning_suspended': (p) => about('Services suspended for unpaid invoice', p.number ?? ''),
      'license.assigned': (p, f) =>
        about('License assigned', [product(p, f), p.email].filter(Boolean).join(', ')),
      'license.unassigned': (p, f) =>
        about('License removed', [product(p, f), p.email].filter(Boolean).join(', ')),
      'order.placed': () => 'Order placed',
      'order.payment_declined': () => 'Order payment declined',
      'payment_method.added': () => 'Payment method added',
      'payment_method.made_default': () => 'Default payment method changed',
      'payment_method.removed': () => 'Payment method removed',
      'subscription.created': (p, f) => about('Subscription bought', product(p, f)) + fromTo(p, f),
      'subscription.cancelled': (p, f) => about('Subscription cancelled', product(p, f)),
      'subscription.deleted': (p, f) => about('Subscription deleted', product(p, f)),
      'subscription.expired': (p, f) => about('Subscription expired', product(p, f)),
      'subscription.disabled': (p, f) => about('Subscription disabled', product(p, f)),
      'subscription.suspended': (p, f) => about('Subscription suspended', product(p, f)),
      'subscription.suspension_lifted': (p, f) => about('Suspension lifted', product(p, f)),
      'subscription.removed_by_support': (p, f) => about('Add-on removed by support', product(p, f)),
      'subscription.renewed': (p, f) => about('Subscription renewed', product(p, f)),
      'subscription.period_billed': (p, f) => about('Billing period charged', product(p, f)),
      'subscription.renewal_failed': (p, f) => about('Renewal payment failed', product(p, f)),
      'subscription.period_charge_failed': (p, f) => about('Billing period payment failed', product(p, f)),
      'subscription.period_charge_refunded': (p, f) => about('Billing period charge refunded', product(p, f)),
      'subscription.recurring_billing.on': (p, f) => about('Recurring billing turned on', product(p, f)),
      'subscription.recurring_billing.off': (p, f) => about('Recurring billing turned off', product(p, f)),
      'subscription.quantity.increase': (p, f) => about('Licenses added', product(p, f)) + fromTo(p, f),
      'subscription.quantity.increase_reverted': (p, f) =>
        about('License increase undone', product(p, f)) + fromTo(p, f),
      'subscription.quantity.decrease': (p, f) => about('Licenses removed', product(p, f)) + fromTo(p, f),
      'subscription.quantity.scheduled_decrease': (p, f) =>
        about('License reduction scheduled for renewal', product(p, f)) + fromTo(p, f),
      'subscription.quantity.scheduled_decrease_withdrawn': (p, f) =>
        about('Scheduled license reduction withdrawn', product(p, f)),
      'support_request.created': () => 'Support request opened',
      'support_request.resolved': () => 'Support request resolved',
      'support_request.rejected': () => 'Support request declined',
      'tenant.created': () => 'Organization created',
      'tenant.security_changed': () => 'Sign-in security settings changed',
      'user.created': (p) => about('User added', p.email ?? ''),
      'user.updated': (p) => about('User updated', p.email ?? ''),
      'user.role_changed': (p) => about('Admin role changed', p.email ?? ''),
      'user.deleted': (p) => about('User deleted', p.email ?? ''),
      'user.signed_in': () => 'Signed in',
      'user.sign_in_failed': () => 'Sign-in failed',
      'user.sign_in_locked': () => 'Sign-in locked after failed attempts',
      'user.second_step_failed': () => 'Verification code refused',
      'user.signed_out_everywhere': () => 'Signed out of every session',
      'user.password_changed': () => 'Password changed',
      'user.two_step_enabled': () => 'Two-step verification turned on',
      'user.two_step_disabled': () => 'Two-step verification turned off',
      'user.api_tokens_revoked': () => 'API tokens revoked',
      'users.imported': (p, f) => about('Users imported', p.count !== undefined ? f.number(p.count) : ''),
    },
  },
  'fr-FR': {
    cascade: ' (avec son abonnement de base)',
    entities: {
      subscription: 'Abonnement',
      invoice: 'Facture',
      user: 'Utilisateur',
      tenant: 'Organisation',
      order: 'Commande',
    },
    actions: {
      'api_token.created': () => 'Jeton d’API créé',
      'api_token.revoked': () => 'Jeton d’API révoqué',
      'billing_profile.updated': () => 'Profil de facturation modifié',
      'catalog.imported': () => 'Catalogue importé',
      'invoice.paid': (p) => about('Facture payée', p.number ?? '', '\u202f: '),
      'invoice.partially_paid': (p) => about('Paiement reçu sur la facture', p.number ?? '', ' '),
      'invoice.payment_declined': (p) => about('Paiement de facture refusé', p.number ?? '', '\u202f: '),
      'invoice.dunning_first_reminder': (p) =>
        about('Premier rappel de paiement', p.number ?? '', '\u202f: '),
      'invoice.dunning_second_reminder': (p) =>
        about('Deuxième rappel de paiement', p.number ?? '', '\u202f: '),
      'invoice.dunning_warning': (p) =>
        about('Dernier avertissement avant suspension', p.number ?? '', '\u202f: '),
      'invoice.dunning_suspended': (p) =>
        about('Services suspendus pour facture impayée', p.number ?? '', '\u202f: '),
      'license.assigned': (p, f) =>
        about('Licence attribuée', [product(p, f), p.email].filter(Boolean).join(', '), '\u202f: '),
      'license.unassigned': (p, f) =>
        about('Licence retirée', [product(p, f), p.email].filter(Boolean).join(', '), '\u202f: '),
      'order.placed': () => 'Commande passée',
      'order.payment_declined': () => 'Paiement de commande refusé',
      'payment_method.added': () => 'Mode de paiement ajouté',
      'payment_method.made_default': () => 'Mode de paiement par défaut modifié',
      'payment_method.removed': () => 'Mode de paiement supprimé',
      'subscription.created': (p, f) => about('Abonnement acheté', product(p, f), '\u202f: ') + fromTo(p, f),
      'subscription.cancelled': (p, f) => about('Abonnement annulé', product(p, f), '\u202f: '),
      'subscription.deleted': (p, f) => about('Abonnement supprimé', product(p, f), '\u202f: '),
      'subscription.expired': (p, f) => about('Abonnement expiré', product(p, f), '\u202f: '),
      'subscription.disabled': (p, f) => about('Abonnement désactivé', product(p, f), '\u202f: '),
      'subscription.suspended': (p, f) => about('Abonnement suspendu', product(p, f), '\u202f: '),
      'subscription.suspension_lifted': (p, f) => about('Suspension levée', product(p, f), '\u202f: '),
      'subscription.removed_by_support': (p, f) =>
        about('Module complémentaire supprimé par le support', product(p, f), '\u202f: '),
      'subscription.renewed': (p, f) => about('Abonnement renouvelé', product(p, f), '\u202f: '),
      'subscription.period_billed': (p, f) =>
        about('Période de facturation facturée', product(p, f), '\u202f: '),
      'subscription.renewal_failed': (p, f) =>
        about('Échec du paiement du renouvellement', product(p, f), '\u202f: '),
      'subscription.period_charge_failed': (p, f) =>
        about('Échec du paiement de la période', product(p, f), '\u202f: '),
      'subscription.period_charge_refunded': (p, f) =>
        about('Paiement de la période remboursé', product(p, f), '\u202f: '),
      'subscription.recurring_billing.on': (p, f) =>
        about('Facturation récurrente activée', product(p, f), '\u202f: '),
      'subscription.recurring_billing.off': (p, f) =>
        about('Facturation récurrente désactivée', product(p, f), '\u202f: '),
      'subscription.quantity.increase': (p, f) =>
        about('Licences ajoutées', product(p, f), '\u202f: ') + fromTo(p, f),
      'subscription.quantity.increase_reverted': (p, f) =>
        about('Ajout de licences annulé', product(p, f), '\u202f: ') + fromTo(p, f),
      'subscription.quantity.decrease': (p, f) =>
        about('Licences supprimées', product(p, f), '\u202f: ') + fromTo(p, f),
      'subscription.quantity.scheduled_decrease': (p, f) =>
        about('Réduction de licences prévue au renouvellement', product(p, f), '\u202f: ') + fromTo(p, f),
      'subscription.quantity.scheduled_decrease_withdrawn': (p, f) =>
        about('Réduction de licences prévue annulée', product(p, f), '\u202f: '),
      'support_request.created': () => 'Demande de support ouverte',
      'support_request.resolved': () => 'Demande de support résolue',
      'support_request.rejected': () => 'Demande de support refusée',
      'tenant.created': () => 'Organisation créée',
      'tenant.security_changed': () => 'Paramètres de sécurité de connexion modifiés',
      'user.created': (p) => about('Utilisateur ajouté', p.email ?? '', '\u202f: '),
      'user.updated': (p) => about('Utilisateur modifié', p.email ?? '', '\u202f: '),
      'user.role_changed': (p) => about('Rôle d’administrateur modifié', p.email ?? '', '\u202f: '),
      'user.deleted': (p) => about('Utilisateur supprimé', p.email ?? '', '\u202f: '),
      'user.signed_in': () => 'Connexion',
      'user.sign_in_failed': () => 'Échec de connexion',
      'user.sign_in_locked': () => 'Connexion bloquée après des échecs',
      'user.second_step_failed': () => 'Code de vérification refusé',
      'user.signed_out_everywhere': () => 'Déconnexion de toutes les sessions',
      'user.password_changed': () => 'Mot de passe modifié',
      'user.two_step_enabled': () => 'Vérification en deux étapes activée',
      'user.two_step_disabled': () => 'Vérification en deux étapes désactivée',
      'user.api_tokens_revoked': () => 'Jetons d’API révoqués',
      'users.imported': (p, f) =>
        about('Utilisateurs importés', p.count !== undefined ? f.number(p.count) : '', '\u202f: '),
    },
  },
  'de-DE': {
    cascade: ' (mit dem Basisabonnement)',
    entities: {
      subscription: 'Abonnement',
      invoice: 'Rechnung',
      user: 'Benutzer',
      tenant: 'Organisation',
      order: 'Bestellung',
    },
    actions: {
      'api_token.created': () => 'API-Token erstellt',
      'api_token.revoked': () => 'API-Token widerrufen',
      'billing_profile.updated': () => 'Abrechnungsprofil geändert',
      'catalog.imported': () => 'Katalog importiert',
      'invoice.paid': (p) => about('Rechnung bezahlt', p.number ?? ''),
      'invoice.partially_paid': (p) => about('Zahlung zur Rechnung eingegangen', p.number ?? ''),
      'invoice.payment_declined': (p) => about('Zahlung der Rechnung abgelehnt', p.number ?? ''),
      'invoice.dunning_first_reminder': (p) => about('Erste Zahlungserinnerung', p.number ?? ''),
      'invoice.dunning_second_reminder': (p) => about('Zweite Zahlungserinnerung', p.number ?? ''),
      'invoice.dunning_warning': (p) => about('Letzte Warnung vor der Sperrung', p.number ?? ''),
      'invoice.dunning_suspended': (p) =>
        about('Dienste wegen unbezahlter Rechnung gesperrt', p.number ?? ''),
      'license.assigned': (p, f) =>
        about('Lizenz zugewiesen', [product(p, f), p.email].filter(Boolean).join(', ')),
      'license.unassigned': (p, f) =>
        about('Lizenz entfernt', [product(p, f), p.email].filter(Boolean).join(', ')),
      'order.placed': () => 'Bestellung aufgegeben',
      'order.payment_declined': () => 'Zahlung der Bestellung abgelehnt',
      'payment_method.added': () => 'Zahlungsmethode hinzugefügt',
      'payment_method.made_default': () => 'Standardzahlungsmethode geändert',
      'payment_method.removed': () => 'Zahlungsmethode entfernt',
      'subscription.created': (p, f) => about('Abonnement gekauft', product(p, f)) + fromTo(p, f),
      'subscription.cancelled': (p, f) => about('Abonnement gekündigt', product(p, f)),
      'subscription.deleted': (p, f) => about('Abonnement gelöscht', product(p, f)),
      'subscription.expired': (p, f) => about('Abonnement abgelaufen', product(p, f)),
      'subscription.disabled': (p, f) => about('Abonnement deaktiviert', product(p, f)),
      'subscription.suspended': (p, f) => about('Abonnement gesperrt', product(p, f)),
      'subscription.suspension_lifted': (p, f) => about('Sperrung aufgehoben', product(p, f)),
      'subscription.removed_by_support': (p, f) => about('Add-On vom Support entfernt', product(p, f)),
      'subscription.renewed': (p, f) => about('Abonnement verlängert', product(p, f)),
      'subscription.period_billed': (p, f) => about('Abrechnungszeitraum berechnet', product(p, f)),
      'subscription.renewal_failed': (p, f) =>
        about('Zahlung der Verlängerung fehlgeschlagen', product(p, f)),
      'subscription.period_charge_failed': (p, f) =>
        about('Zahlung des Abrechnungszeitraums fehlgeschlagen', product(p, f)),
      'subscription.period_charge_refunded': (p, f) =>
        about('Zahlung des Abrechnungszeitraums erstattet', product(p, f)),
      'subscription.recurring_billing.on': (p, f) =>
        about('Wiederkehrende Abrechnung aktiviert', product(p, f)),
      'subscription.recurring_billing.off': (p, f) =>
        about('Wiederkehrende Abrechnung deaktiviert', product(p, f)),
      'subscription.quantity.increase': (p, f) => about('Lizenzen hinzugefügt', product(p, f)) + fromTo(p, f),
      'subscription.quantity.increase_reverted': (p, f) =>
        about('Hinzufügen von Lizenzen rückgängig gemacht', product(p, f)) + fromTo(p, f),
      'subscription.quantity.decrease': (p, f) => about('Lizenzen entfernt', product(p, f)) + fromTo(p, f),
      'subscription.quantity.scheduled_decrease': (p, f) =>
        about('Lizenzreduzierung zur Verlängerung geplant', product(p, f)) + fromTo(p, f),
      'subscription.quantity.scheduled_decrease_withdrawn': (p, f) =>
        about('Geplante Lizenzreduzierung zurückgenommen', product(p, f)),
      'support_request.created': () => 'Supportanfrage erstellt',
      'support_request.resolved': () => 'Supportanfrage gelöst',
      'support_request.rejected': () => 'Supportanfrage abgelehnt',
      'tenant.created': () => 'Organisation erstellt',
      'tenant.security_changed': () => 'Anmeldesicherheitseinstellungen geändert',
      'user.created': (p) => about('Benutzer hinzugefügt', p.email ?? ''),
      'user.updated': (p) => about('Benutzer geändert', p.email ?? ''),
      'user.role_changed': (p) => about('Administratorrolle geändert', p.email ?? ''),
      'user.deleted': (p) => about('Benutzer gelöscht', p.email ?? ''),
      'user.signed_in': () => 'Angemeldet',
      'user.sign_in_failed': () => 'Anmeldung fehlgeschlagen',
      'user.sign_in_locked': () => 'Anmeldung nach Fehlversuchen gesperrt',
      'user.second_step_failed': () => 'Prüfcode abgelehnt',
      'user.signed_out_everywhere': () => 'Von allen Sitzungen abgemeldet',
      'user.password_changed': () => 'Kennwort geändert',
      'user.two_step_enabled': () => 'Überprüfung in zwei Schritten aktiviert',
      'user.two_step_disabled': () => 'Überprüfung in zwei Schritten deaktiviert',
      'user.api_tokens_revoked': () => 'API-Token widerrufen',
      'users.imported': (p, f) =>
        about('Benutzer importiert', p.count !== undefined ? f.number(p.count) : ''),
    },
  },
  'zh-CN': {
    cascade: '（随基础订阅）',
    entities: { subscription: '订阅', invoice: '发票', user: '用户', tenant: '组织', order: '订单' },
    actions: {
      'api_token.created': () => '已创建 API 令牌',
      'api_token.revoked': () => '已吊销 API 令牌',
      'billing_profile.updated': () => '已更新计费配置文件',
      'catalog.imported': () => '已导入目录',
      'invoice.paid': (p) => about('发票已付款', p.number ?? '', '：'),
      'invoice.partially_paid': (p) => about('已收到发票付款', p.number ?? '', '：'),
      'invoice.payment_declined': (p) => about('发票付款被拒绝', p.number ?? '', '：'),
      'invoice.dunning_first_reminder': (p) => about('第一次付款提醒', p.number ?? '', '：'),
      'invoice.dunning_second_reminder': (p) => about('第二次付款提醒', p.number ?? '', '：'),
      'invoice.dunning_warning': (p) => about('暂停服务前的最后警告', p.number ?? '', '：'),
      'invoice.dunning_suspended': (p) => about('因发票未付款已暂停服务', p.number ?? '', '：'),
      'license.assigned': (p, f) =>
        about('已分配许可证', [product(p, f), p.email].filter(Boolean).join('，'), '：'),
      'license.unassigned': (p, f) =>
        about('已删除许可证', [product(p, f), p.email].filter(Boolean).join('，'), '：'),
      'order.placed': () => '已下订单',
      'order.payment_declined': () => '订单付款被拒绝',
      'payment_method.added': () => '已添加付款方式',
      'payment_method.made_default': () => '已更改默认付款方式',
      'payment_method.removed': () => '已删除付款方式',
      'subscription.created': (p, f) => about('已购买订阅', product(p, f), '：') + fromTo(p, f),
      'subscription.cancelled': (p, f) => about('已取消订阅', product(p, f), '：'),
      'subscription.deleted': (p, f) => about('已删除订阅', product(p, f), '：'),
      'subscription.expired': (p, f) => about('订阅已过期', product(p, f), '：'),
      'subscription.disabled': (p, f) => about('订阅已禁用', product(p, f), '：'),
      'subscription.suspended': (p, f) => about('订阅已暂停', product(p, f), '：'),
      'subscription.suspension_lifted': (p, f) => about('已解除暂停', product(p, f), '：'),
      'subscription.removed_by_support': (p, f) => about('支持人员已删除加载项', product(p, f), '：'),
      'subscription.renewed': (p, f) => about('订阅已续订', product(p, f), '：'),
      'subscription.period_billed': (p, f) => about('已收取计费周期费用', product(p, f), '：'),
      'subscription.renewal_failed': (p, f) => about('续订付款失败', product(p, f), '：'),
      'subscription.period_charge_failed': (p, f) => about('计费周期付款失败', product(p, f), '：'),
      'subscription.period_charge_refunded': (p, f) => about('已退还计费周期费用', product(p, f), '：'),
      'subscription.recurring_billing.on': (p, f) => about('已启用定期计费', product(p, f), '：'),
      'subscription.recurring_billing.off': (p, f) => about('已关闭定期计费', product(p, f), '：'),
      'subscription.quantity.increase': (p, f) => about('已添加许可证', product(p, f), '：') + fromTo(p, f),
      'subscription.quantity.increase_reverted': (p, f) =>
        about('已撤销添加许可证', product(p, f), '：') + fromTo(p, f),
      'subscription.quantity.decrease': (p, f) => about('已删除许可证', product(p, f), '：') + fromTo(p, f),
      'subscription.quantity.scheduled_decrease': (p, f) =>
        about('已计划在续订时减少许可证', product(p, f), '：') + fromTo(p, f),
      'subscription.quantity.scheduled_decrease_withdrawn': (p, f) =>
        about('已撤销计划的许可证减少', product(p, f), '：'),
      'support_request.created': () => '已创建支持请求',
      'support_request.resolved': () => '支持请求已解决',
      'support_request.rejected': () => '支持请求已拒绝',
      'tenant.created': () => '已创建组织',
      'tenant.security_changed': () => '已更改登录安全设置',
      'user.created': (p) => about('已添加用户', p.email ?? '', '：'),
      'user.updated': (p) => about('已更新用户', p.email ?? '', '：'),
      'user.role_changed': (p) => about('已更改管理员角色', p.email ?? '', '：'),
      'user.deleted': (p) => about('已删除用户', p.email ?? '', '：'),
      'user.signed_in': () => '已登录',
      'user.sign_in_failed': () => '登录失败',
      'user.sign_in_locked': () => '多次失败后已锁定登录',
      'user.second_step_failed': () => '验证码被拒绝',
      'user.signed_out_everywhere': () => '已从所有会话注销',
      'user.password_changed': () => '已更改密码',
      'user.two_step_enabled': () => '已启用双重验证',
      'user.two_step_disabled': () => '已关闭双重验证',
      'user.api_tokens_revoked': () => '已吊销 API 令牌',
      'users.imported': (p, f) => about('已导入用户', p.count !== undefined ? f.number(p.count) : '', '：'),
    },
  },
};
