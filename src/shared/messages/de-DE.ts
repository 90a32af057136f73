import type { LocaleCatalog, MessageCatalog } from './types.js';

const adverb = { monthly: 'monatlich', annual: 'jährlich' } as const;
const adjective = { monthly: 'monatlicher', annual: 'jährlicher' } as const;
const commitment = { monthly: 'monatlicher Verpflichtung', annual: 'jährlicher Verpflichtung' } as const;
const roles = {
  global_admin: 'Globaler Administrator',
  billing_admin: 'Abrechnungsadministrator',
  license_admin: 'Lizenzadministrator',
  user: 'Benutzer',
} as const;

/**
 * German, in the words of Microsoft's German admin center (Abonnement, Lizenzen, Add-On,
 * Zahlungsmethode, Abrechnungshäufigkeit, Supportanfrage, globaler Administrator), addressing the
 * admin as „Sie“.
 */
const messages: MessageCatalog = {
  // schema messages (zod checks of our own: schemaMessage)
  schemaCountryCode: () => 'ein Länder-/Regionscode nach ISO 3166-1 Alpha-2, z. B. US, FR, DE oder CN',
  schemaPaymentMethodId: () => 'die ID einer Zahlungsmethode des Zahlungsanbieters (pm_…)',
  schemaWholeNumber: () => 'eine ganze Zahl',
  schemaNotZero: () => 'darf nicht 0 sein',
  schemaQuantityOrDelta: () => 'entweder quantity oder delta senden',
  schemaAtLeastOneField: () => 'Senden Sie mindestens ein Feld, das geändert werden soll',
  // http
  requestInvalid: (p) => `Die Anforderung ist ungültig: ${p.summary}`,
  contentTypeRefused: (p) => `Content-Type ${p.contentType} wird hier nicht akzeptiert.`,
  sendJson: () => 'Senden Sie application/json (oder text/csv für Importe).',
  bodyNotJson: () => 'Der Text der Anforderung ist kein gültiges JSON.',
  bodyTooLarge: () => 'Der Text der Anforderung ist zu groß.',
  addressPartTooLong: () => 'Ein Teil der Adresse ist zu lang: Keine ID ist so lang.',
  addressBadEncoding: () => 'Die Adresse ist ungültig (fehlerhafte %-Codierung).',
  requestRefused: (p) => `Die Anforderung wurde abgelehnt: ${p.reason}`,
  serverFailed: () => 'Die Anforderung ist auf dem Server fehlgeschlagen. Es wurde nichts geändert.',
  // checkout
  itemRepeatsItem: (p) => `Position ${p.item} wiederholt Position ${p.first}.`,
  putQuantityOnOneItem: () => 'Geben Sie die gesamte Menge in einer Position an.',
  productNotSold: (p) => `Das Produkt ${p.productId} wird nicht verkauft.`,
  listProductsToBuy: () => 'GET /api/catalog/products listet auf, was gekauft werden kann.',
  productNotSoldInCloud: (p) => `${p.product} wird in der Cloud „${p.cloud}“ nicht verkauft.`,
  quantityOutOfBoundsAsked: (p) =>
    `${p.product} ist in Mengen von ${p.min} bis ${p.max} erhältlich. Sie haben ${p.quantity} angefordert.`,
  addonNeedsBasePlan: (p, f) =>
    `${p.product} erfordert ein aktives Abonnement für eines dieser Produkte: ${f.or(p.required)}.`,
  buyBasePlanFirst: () => 'Kaufen Sie zuerst eines dieser Basisabonnements.',
  subscriptionCannotCarry: (p) =>
    `Das Abonnement ${p.subscriptionId} kann ${p.product} nicht erhalten: Es ist kein aktives Abonnement für einen berechtigten Plan.`,
  noSuchSubscriptionInTenant: (p) => `In dieser Organisation gibt es kein Abonnement ${p.subscriptionId}.`,
  chooseOneBase: (p) =>
    `${p.product} wird einem Basisabonnement hinzugefügt, und ${p.count} kommen infrage. Wählen Sie eines aus.`,
  sendBaseSubscriptionId: () => 'Senden Sie baseSubscriptionId mit einem der aufgeführten Abonnements.',
  addonAlreadyOnSubscription: (p) =>
    `${p.product} ist bereits dem Abonnement ${p.subscriptionId} hinzugefügt.`,
  changeExistingAddonQuantity: () =>
    'Ändern Sie stattdessen die Menge des vorhandenen Add-Ons (Ihre Produkte › Add-Ons › Menge ändern).',
  addonAtMostBase: (p) =>
    `${p.product} kann höchstens ${p.max} Lizenzen haben, die Menge seines Basisabonnements.`,
  cotermedWithBase: (p) =>
    `${p.product} hat dieselbe Laufzeit wie sein Basisabonnement: ${adverb[p.billingFrequency]} abgerechnet, mit ${commitment[p.commitment]}.`,
  useBaseTerms: (p) =>
    `Verwenden Sie billingFrequency „${p.billingFrequency}“ und commitment „${p.commitment}“, oder lassen Sie beide weg.`,
  commitmentNotBilled: (p) =>
    `Ein Abonnement mit ${commitment[p.commitment]} kann nicht ${adverb[p.billingFrequency]} abgerechnet werden.`,
  offerNotInCurrency: (p) =>
    `${p.product} wird nicht mit ${commitment[p.commitment]} und ${adjective[p.billingFrequency]} Abrechnung in ${p.currency} angeboten.`,
  // catalog
  productNotSoldHere: (p) => `Das Produkt „${p.productId}“ wird in der Cloud „${p.cloud}“ nicht verkauft.`,
  listInstanceProducts: () => 'GET /api/catalog/products listet die Produkte dieser Instanz auf.',
  catalogNotImportable: (p) => `Der Katalog aus ${p.source} kann nicht importiert werden: ${p.summary}`,
  addonOnEveryBase: (p) =>
    `${p.product} ist bereits jedem Abonnement hinzugefügt, das es erhalten kann. Ändern Sie stattdessen die Menge.`,
  addonNeedsOneOfPlans: (p, f) =>
    `${p.product} erfordert ein aktives Abonnement für einen dieser Pläne: ${f.or(p.required)}.`,
  addonHasNoPrice: (p) => `Für ${p.product} gibt es keinen Preis in ${p.currency}.`,
  catalogNotValid: (p) => `Der Katalog ist ungültig: ${p.summary}${p.more ? ` (+${p.more} weitere)` : ''}`,
  fixCatalogErrors: () =>
    'Korrigieren Sie jeden Eintrag von `errors` (Pfad und Zeile im Dokument), und senden Sie ihn erneut. Es wurde nichts importiert.',
  headingAddOn: () => 'Add-On',
  headingAvailableWith: () => 'Verfügbar mit',
  tenantNotFound: () => 'Organisation nicht gefunden.',
  // subscriptions
  cardDeclined: () => 'Die Karte wurde abgelehnt.',
  cardInsufficientFunds: () => 'Die Karte weist keine ausreichende Deckung auf.',
  quantityNotChangedPayOther: () =>
    'Die Menge wurde nicht geändert. Zahlen Sie mit einer anderen Zahlungsmethode (paymentMethodId), und senden Sie die Änderung erneut.',
  subscriptionNotActiveQuantity: (p) =>
    `${p.product} ist nicht aktiv (${p.status}). Die Menge kann nicht geändert werden.`,
  quantityOutOfBounds: (p) => `${p.product} ist in Mengen von ${p.min} bis ${p.max} erhältlich.`,
  alreadyHasQuantity: (p) => `${p.product} hat bereits ${p.quantity}.`,
  addToBaseFirst: () => 'Fügen Sie zuerst dem Basisabonnement Lizenzen hinzu.',
  addonHasMoreLicenses: (p) =>
    `${p.addon} hat in diesem Abonnement ${p.quantity} Lizenzen. Das Basisabonnement kann nicht darunter sinken.`,
  reduceAddonFirst: () => 'Verringern Sie zuerst das Add-On.',
  licensesAssignedUnassignFirst: (p) =>
    `${p.assigned} Lizenzen für ${p.product} sind zugewiesen. Heben Sie die Zuweisung von ${p.toUnassign} auf, bevor Sie auf ${p.to} verringern.`,
  unassignLicenses: (p) =>
    `Heben Sie die Zuweisung von ${p.count} Lizenz(en) auf: POST /api/licenses/${p.productId}/unassign.`,
  addingLicensesChargedNow: () =>
    'Hinzugefügte Lizenzen werden sofort berechnet: Fügen Sie zuerst eine Zahlungsmethode hinzu.',
  otherChangePaymentRunning: () =>
    'Eine Zahlung für eine andere Änderung dieses Abonnements wird noch ausgeführt.',
  readAgainAndRetry: () => 'Laden Sie das Abonnement gleich erneut, und versuchen Sie es noch einmal.',
  gatewaySilentQuantity: () => 'Der Zahlungsdienst hat nicht geantwortet. Die Menge ist noch nicht geändert.',
  readSubscriptionInAMinute: () =>
    'Laden Sie das Abonnement in einer Minute erneut: Die Änderung wird übernommen oder rückgängig gemacht, sobald die Zahlung bekannt ist.',
  // idempotency
  storedText: (p) => p.text,
  idempotencyKeyLength: () => 'Idempotency-Key muss 1 bis 255 Zeichen lang sein.',
  idempotencyKeyReused: () => 'Dieser Idempotency-Key wurde bereits für eine andere Anforderung verwendet.',
  useNewKey: () =>
    'Verwenden Sie für eine neue Anforderung einen neuen Schlüssel. Verwenden Sie einen Schlüssel nur erneut, um genau dieselbe Anforderung zu wiederholen.',
  // orders and invoices
  cardFundsShort: () => 'Die Karte weist für diesen Betrag keine ausreichende Deckung auf.',
  cardDeclinedByIssuer: () => 'Die Karte wurde vom Kartenaussteller abgelehnt.',
  nothingBoughtUseAnotherCard: () =>
    'Es wurde nichts gekauft. Verwenden Sie eine andere Karte, oder zahlen Sie per Rechnung, und geben Sie die Bestellung dann erneut auf.',
  paymentFailed: () => 'Die Zahlung wurde nicht ausgeführt.',
  paymentRefunded: (p) => `${p.reason} Die Zahlung wird erstattet.`,
  orderCostChanged: () => 'Die Bestellung kostet nicht mehr den belasteten Betrag. Es wurde nichts gekauft.',
  firstRequestStillRunning: () => 'Die erste Anforderung mit diesem Idempotency-Key wird noch ausgeführt.',
  retryLaterSameKey: () =>
    'Versuchen Sie es später mit demselben Schlüssel erneut: Sie erhalten deren Antwort, und nichts wird doppelt belastet.',
  gatewaySilentOrder: () =>
    'Der Zahlungsdienst hat nicht geantwortet. Die Bestellung ist noch nicht bestätigt.',
  retrySameIdempotencyKey: () =>
    'Versuchen Sie es mit demselben Idempotency-Key erneut: Die Karte wird nie doppelt belastet, und die Antwort kommt, sobald die Zahlung bekannt ist.',
  somethingDueChoosePayment: () => 'Heute ist ein Betrag fällig: Wählen Sie eine Zahlungsmethode aus.',
  sendPaymentShape: () =>
    'Senden Sie payment: {method: "saved", paymentMethodId}, {method: "card", paymentMethodId: "pm_…"} oder {method: "invoice"}.',
  invoiceNotFound: (p) => `Rechnung ${p.id} nicht gefunden.`,
  invoiceNotOpen: (p) => `Die Rechnung ${p.number} ist nicht offen (${p.status}): Darauf ist nichts fällig.`,
  transferAlreadyRecorded: (p, f) =>
    `Die Überweisung ${p.reference} wurde bereits für ${p.number} erfasst: ${f.money(p.amount, p.currency)}, eingegangen am ${p.receivedOn}.`,
  invoiceOwesLess: (p, f) =>
    `Auf der Rechnung ${p.number} sind noch ${f.money(p.due, p.currency)} fällig, weniger als ${f.money(p.amount, p.currency)}.`,
  recordAtMostDue: () =>
    'Erfassen Sie höchstens den fälligen Betrag. Erstatten Sie den Rest außerhalb von Billing Center, oder schreiben Sie ihn gut.',
  payInvoiceByCard: () => 'Bezahlen Sie eine Rechnung per Karte. Überweisungen werden bei Eingang erfasst.',
  invoicePaymentInProgress: (p) =>
    `Eine Zahlung für ${p.number} wird ausgeführt. Das Ergebnis ist noch nicht bekannt.`,
  reloadInvoiceLater: () =>
    'Sie ist erfasst und wird beim Abgleich abgeschlossen. Laden Sie die Rechnung später erneut, statt noch einmal zu zahlen.',
  invoiceStillOpenPayAnother: () => 'Die Rechnung ist weiterhin offen. Zahlen Sie mit einer anderen Karte.',
  invoiceNoLongerOwesRefunded: (p) =>
    `Auf der Rechnung ${p.number} ist der belastete Betrag nicht mehr fällig. Die Zahlung wird erstattet.`,
  // sign-in and security
  authorizationHeaderShape: () => 'Der Authorization-Header muss „Bearer <Token>“ lauten.',
  apiTokenUnknown: () => 'Das API-Token ist unbekannt oder wurde widerrufen.',
  signInOrSendToken: () =>
    'Melden Sie sich an, oder senden Sie ein API-Token als „Authorization: Bearer <Token>“.',
  operatorCannotActForTenant: () =>
    'Diese Route handelt für eine Organisation. Die Operator-Anmeldeinformationen können sie nicht verwenden.',
  roleDoesNotAllow: (p) => `Die Rolle „${roles[p.role]}“ erlaubt ${p.permission} nicht.`,
  sendOperatorCredential: () =>
    'Senden Sie die Operator-Anmeldeinformationen als „Authorization: Bearer <Token>“.',
  emailOrPasswordWrong: () => 'Die E-Mail-Adresse oder das Kennwort ist falsch.',
  emailInSeveralTenants: () =>
    'Mit dieser E-Mail-Adresse melden Sie sich bei mehreren Organisationen an. Geben Sie an, bei welcher.',
  sendTenantId: () => 'Senden Sie tenantId mit der Anmeldung.',
  enterAuthenticatorCode: () =>
    'Geben Sie den Code Ihrer Authentifizierungs-App (oder einen Wiederherstellungscode) ein.',
  postSecondStep: () => 'POST /api/auth/second-step mit {"code": "123456"} und dem soeben gesetzten Cookie.',
  signInWithPasswordFirst: () => 'Melden Sie sich zuerst mit Ihrem Kennwort an.',
  codeWrongOrUsed: () => 'Der Code ist falsch oder wurde bereits verwendet.',
  csrfOrigin: (p) => `Anforderungen von ${p.origin} dürfen hier nichts ändern.`,
  csrfFetchSite: (p) => `Eine ${p.fetchSite}-Anforderung darf hier nichts ändern.`,
  csrfOriginMissing: () =>
    'Eine mit dem Sitzungscookie vorgenommene Änderung muss ihre Herkunft angeben (Origin-Header).',
  csrfHeaderMissing: (p) =>
    `Eine mit dem Sitzungscookie vorgenommene Änderung muss den Header X-Requested-With: ${p.value} enthalten.`,
  useAdminCenterOrToken: () =>
    'Verwenden Sie das Admin Center, oder rufen Sie die API mit einem API-Token (Authorization: Bearer …) statt mit dem Sitzungscookie auf.',
  sendOneOf: (p, f) => `Senden Sie ${f.or(p.types)}.`,
  hostileString: (p) => `${p.where} enthält ein NUL-Byte oder ein ungepaartes UTF-16-Ersatzzeichen.`,
  hostileStringShort: () => 'NUL-Bytes und ungepaarte Ersatzzeichen sind nicht zulässig',
  organisationRequiresTwoStep: () =>
    'Ihre Organisation erfordert die Anmeldung in zwei Schritten für Administratoren: Richten Sie sie zuerst ein.',
  openMyAccountSecurity: () =>
    'Öffnen Sie im Admin Center „Mein Konto“ › „Sicherheit“ (POST /api/me/two-step/enrol, dann /confirm).',
  tooManySignIns: (p) =>
    `Zu viele Anmeldeversuche von Ihrer Adresse: Versuchen Sie es in ${p.seconds} s erneut.`,
  currentPasswordWrong: () => 'Das aktuelle Kennwort ist falsch.',
  userNotFound: () => 'Benutzer nicht gefunden.',
  noSession: (p) => `Keine Sitzung ${p.id}.`,
  twoStepAlreadyOn: () =>
    'Die Anmeldung in zwei Schritten ist bereits aktiviert: Deaktivieren Sie sie zuerst, um eine andere App zu verwenden.',
  startWithEnrol: () => 'Beginnen Sie mit POST /api/me/two-step/enrol.',
  codeDoesNotMatch: () => 'Der Code stimmt nicht überein: Überprüfen Sie die Uhrzeit Ihres Geräts.',
  organisationRequiresTwoStepShort: () =>
    'Ihre Organisation erfordert die Anmeldung in zwei Schritten für Administratoren.',
  globalAdminCanChange: () =>
    'Ein globaler Administrator kann dies unter „Einstellungen“ › „Sicherheit“ ändern.',
  userNotFoundId: (p) => `Kein Benutzer ${p.id}.`,
  noRoute: (p) => `Keine Route ${p.method} ${p.path}.`,
  seeApiDocs: () => 'Unter /api/docs finden Sie die Routen dieses Servers.',
  concurrentChange: () =>
    'Eine andere Änderung derselben Daten wurde gleichzeitig ausgeführt. Es wurde nichts geändert.',
  readCurrentStateAndRetry: () => 'Laden Sie den aktuellen Stand erneut, und versuchen Sie es dann noch einmal.',
  // users and licenses
  csvHeaderShape: () =>
    'Die erste Zeile muss die Spalten benennen: email,displayName,role (role optional) oder auf Französisch: adresse e-mail,nom complet,rôle.',
  csvQuoteNotClosed: (p) =>
    `Ein in Zeile ${p.line} geöffnetes Feld in Anführungszeichen wird nie geschlossen.`,
  csvEmpty: () => 'Die Datei ist leer.',
  csvUnknownColumn: (p) => `Unbekannte Spalte „${p.column}“ in der Kopfzeile.`,
  csvColumnTwice: (p) => `Die Spalte „${p.column}“ ist in der Kopfzeile zweimal vorhanden.`,
  csvMissingColumn: (p) => `Die Kopfzeile enthält keine Spalte „${p.column}“.`,
  csvTooManyRows: (p) =>
    `Die Datei hat ${p.rows} Zeilen. Es können höchstens ${p.max} auf einmal importiert werden.`,
  listUsers: () => 'GET /api/users listet die Benutzer Ihrer Organisation auf.',
  emailTaken: (p) => `Ein Benutzer mit der E-Mail-Adresse ${p.email} ist bereits vorhanden.`,
  lastGlobalAdminDelete: () =>
    'Dieser Benutzer ist der letzte globale Administrator der Organisation und kann nicht gelöscht werden.',
  lastGlobalAdminRole: () =>
    'Dieser Benutzer ist der letzte globale Administrator der Organisation und muss diese Rolle behalten.',
  makeAnotherGlobalAdmin: () => 'Machen Sie zuerst einen anderen Benutzer zum globalen Administrator.',
  noApiToken: (p) => `Kein API-Token ${p.id}.`,
  listTokens: () => 'GET /api/tokens listet die Token Ihrer Organisation auf.',
  billingProfileChanged: () =>
    'Das Abrechnungsprofil wurde von einer anderen Person geändert. Laden Sie es erneut.',
  tooManyAccountFailures: (p) =>
    `Zu viele fehlgeschlagene Versuche für dieses Konto: Versuchen Sie es in ${p.seconds} s erneut.`,
  eachFailureDoublesWait: () =>
    'Jeder weitere Fehlversuch verdoppelt die Wartezeit. Ein Administrator kann in der Zwischenzeit ein neues Kennwort festlegen.',
  noProductId: (p) => `Kein Produkt ${p.id}.`,
  listLicensedProducts: () =>
    'GET /api/licenses listet die Produkte auf, für die Ihre Organisation Lizenzen hat.',
  licenseSharedByTenant: (p) =>
    `${p.product} ist ${p.unit === 'gb' ? 'Speicher in GB' : 'Prepaid-Guthaben'} und wird von der gesamten Organisation genutzt. Es wird nicht Benutzern zugewiesen.`,
  noUserInTenant: (p) => `Kein Benutzer ${p.userId} in dieser Organisation.`,
  userAlreadyHasLicense: (p) => `${p.email} hat bereits eine Lizenz für ${p.product}.`,
  needsBaseLicenseOnUser: (p, f) =>
    `${p.product} erfordert für denselben Benutzer eine Lizenz für ${f.or(p.bases)}. ${p.email} hat keine.`,
  assignBaseLicenseFirst: () =>
    'Weisen Sie diesem Benutzer zuerst eine Lizenz eines berechtigten Basisabonnements zu.',
  licensesWentToEarlierUsers: (p) =>
    `Nur ${p.available} Lizenz(en) für ${p.product} waren verfügbar (${p.purchased} gekauft, ${p.assigned} zugewiesen). Sie wurden den weiter oben in dieser Anforderung aufgeführten Benutzern zugewiesen.`,
  noLicenseAvailable: (p) =>
    `Keine Lizenz für ${p.product} verfügbar: ${p.purchased} gekauft, ${p.assigned} zugewiesen.`,
  buyMoreOrUnassign: () => 'Kaufen Sie weitere Lizenzen, oder heben Sie zuerst Zuweisungen auf.',
  userHasNoLicense: (p) => `${p.email} hat keine Lizenz für ${p.product}.`,
  addonLicenseNeedsThis: (p, f) =>
    `${p.email} hat ${f.and(p.dependents)}, wofür diese Lizenz für ${p.product} erforderlich ist.`,
  unassignAddonsFirstOrCascade: () =>
    'Heben Sie zuerst die Zuweisung der Add-On-Lizenzen auf, oder senden Sie "cascade": true, um auch diese aufzuheben.',
  csvRowEmailTaken: () =>
    'Ein Benutzer mit dieser E-Mail-Adresse ist bereits vorhanden. Er bleibt unverändert.',
  csvRowCreated: () => 'Erstellt.',
  csvRowDuplicate: (p) => `Dieselbe E-Mail-Adresse steht in Zeile ${p.earlier}.`,
  csvRowNotApplied: (p) =>
    `Nicht importiert: Der Import ist atomar, und die Zeile(n) ${p.rows} enthalten Fehler.`,
  csvRowInvalidRole: (p) =>
    `Unbekannte Rolle „${p.role}“. Verwenden Sie global_admin, billing_admin, license_admin oder user.`,
  csvRowInvalidDisplayName: () => 'Der Anzeigename muss zwischen 1 und 200 Zeichen lang sein.',
  csvRowInvalidEmail: (p) => `„${p.email}“ ist keine gültige E-Mail-Adresse.`,
  csvRowFieldCount: (p) =>
    `Die Zeile hat ${p.fields} Felder, die Kopfzeile ${p.columns}. Setzen Sie Werte, die ein Trennzeichen enthalten, in Anführungszeichen.`,
  csvRowMalformedQuotes: () =>
    'Auf ein schließendes Anführungszeichen folgt Text. Verdoppeln Sie Anführungszeichen innerhalb eines Felds in Anführungszeichen ("").',
  // support, webhooks, payment methods, cancellation
  supportRequestNotFound: (p) => `Supportanfrage ${p.id} nicht gefunden.`,
  removalNamesAddon: () => 'Eine Anfrage zum Entfernen nennt das Add-On: Senden Sie subscriptionId.',
  subscriptionNotFound: (p) => `Abonnement ${p.id} nicht gefunden.`,
  onlyTraditionalNeedsSupport: () =>
    'Nur ein an ein Abonnement gebundenes Add-On muss vom Support entfernt werden. Kündigen Sie dieses Abonnement, oder deaktivieren Sie die wiederkehrende Abrechnung.',
  subscriptionAlreadyEnded: (p) => `Das Abonnement ${p.id} ist bereits beendet.`,
  supportRequestClosed: (p) => `Die Supportanfrage ${p.id} ist geschlossen (${p.status}).`,
  openNewRequest: () => 'Erstellen Sie eine neue Anfrage.',
  supportRequestAlreadyClosed: (p) => `Die Supportanfrage ${p.id} ist bereits geschlossen (${p.status}).`,
  onlyRemovalRemoves: () => 'Nur eine Anfrage zum Entfernen kann ein Add-On entfernen.',
  webhookEndpointNotFound: (p) => `Webhook-Endpunkt ${p.id} nicht gefunden.`,
  webhookUrlRefused: (p) => `Webhook-URL ${p.url} abgelehnt: ${p.reason}.`,
  webhookNotUrl: () => 'keine URL',
  webhookCredentials: () => 'Anmeldeinformationen in der URL sind nicht zulässig',
  webhookLoopback: () =>
    'Loopbackadressen werden abgelehnt, außer bei BILLING_CENTER_WEBHOOKS_ALLOW_LOCALHOST=true',
  webhookHttpsOnly: () => 'die URL muss mit https:// beginnen',
  useHttpsUrl: () =>
    'Verwenden Sie eine https://-URL, unter der Ihr Server POST-Anforderungen empfangen kann.',
  unknownEventTypes: (p) => `Unbekannte Ereignistypen: ${p.types.join(', ')}.`,
  knownEventTypes: (p) => `Bekannte Typen: ${p.types.join(', ')} oder "*" für alle.`,
  webhookDeliveryNotFound: (p) => `Webhook-Zustellung ${p.id} nicht gefunden.`,
  webhookDeliverySending: (p) => `Die Webhook-Zustellung ${p.id} wird gerade gesendet.`,
  waitThenResend: () => 'Warten Sie, bis dieser Versuch abgeschlossen ist, und senden Sie bei Bedarf erneut.',
  emailsNotOptional: (p) => `Diese E-Mails können nicht deaktiviert werden: ${p.types.join(', ')}.`,
  onlyTheseOptional: (p) =>
    `Nur diese können deaktiviert werden: ${p.types.join(', ')}. E-Mails zu Zahlungen und zum Ende des Diensts werden immer gesendet.`,
  unsupportedLanguage: (p) => `Nicht unterstützte Sprache ${p.locale}.`,
  gatewaySilentTryAgain: () =>
    'Der Zahlungsdienst hat nicht geantwortet. Versuchen Sie es gleich noch einmal.',
  useAnotherCardOrInvoice: () => 'Verwenden Sie eine andere Karte, oder zahlen Sie per Rechnung.',
  cardNotAccepted: () => 'Die Karte wurde vom Zahlungsdienst nicht akzeptiert.',
  sendPaymentMethodId: () =>
    'Senden Sie die ID einer im Browser erstellten Zahlungsmethode (pm_…) oder eine Test-ID wie pm_card_visa.',
  paymentMethodNotFound: (p) => `Zahlungsmethode ${p.id} nicht gefunden.`,
  traditionalAddonNotRemovable: (p) =>
    `${p.product} ist ein an ein Abonnement gebundenes Add-On: Nach dem Kauf kann es nicht von einem Administrator entfernt werden.`,
  openSupportRequestToRemove: (p) =>
    `Erstellen Sie eine Supportanfrage, um es entfernen zu lassen: POST /api/support-requests {"type": "remove_traditional_addon", "subscriptionId": "${p.subscriptionId}"}.`,
  cancellationWindowClosed: (p) =>
    `${p.product} konnte nur bis ${p.until} mit Erstattung gekündigt werden, ${p.hours} Stunden nach Kauf oder Verlängerung.`,
  turnOffRecurringInstead: (p) =>
    `Deaktivieren Sie stattdessen die wiederkehrende Abrechnung. Das Abonnement endet dann am ${p.termEnd}: PATCH /api/subscriptions/${p.subscriptionId} {"recurringBilling": false}.`,
  subscriptionChanged: (p) =>
    `Das Abonnement ${p.id} wurde seit dem Lesen geändert (Version ${p.version}, Sie haben ${p.sent} gesendet).`,
  readAgainCheckRetry: () =>
    'Laden Sie es erneut, prüfen Sie, ob die Änderung noch sinnvoll ist, und versuchen Sie es mit dem neuen ETag erneut.',
  // operator, notifications, orders
  emailHasNoEml: (p) =>
    `Die E-Mail ${p.id} hat keine .eml-Datei (per SMTP gesendet oder noch nicht gesendet).`,
  emailNotFound: (p) => `E-Mail ${p.id} nicht gefunden.`,
  eventNotFound: (p) => `Ereignis ${p.id} nicht gefunden.`,
  clockNotManual: () => 'Die Uhr kann nur bei BILLING_CENTER_MANUAL_CLOCK=true verstellt werden.',
  ifMatchShape: (p) => `If-Match muss ein ETag dieser API sein, z. B. "v3". Erhalten: ${p.header}.`,
  orderNotFound: (p) => `Bestellung ${p.id} nicht gefunden.`,
  subscriptionChangedWhilePaid: (p) =>
    `Das Abonnement ${p.id} wurde geändert, während sein Zeitraum bezahlt wurde.`,
  addonFollowsBase: (p) =>
    `${p.product} ist ein an ein Abonnement gebundenes Add-On: Es wird mit seinem Basisabonnement verlängert oder beendet.`,
  changeRecurringOnBase: (p) =>
    `Ändern Sie die wiederkehrende Abrechnung für das Basisabonnement ${p.baseSubscriptionId}.`,
  subscriptionNotActiveRecurring: (p) =>
    `${p.product} ist nicht aktiv (${p.status}). Die wiederkehrende Abrechnung kann nicht geändert werden.`,
  webhookAddressRefused: (p) =>
    `Webhook-URL ${p.url} abgelehnt: ${p.loopback ? 'Loopback-Adresse' : 'private, Link-Local- oder reservierte Adresse'}.`,
  webhookAllowLoopbackHint: () =>
    'Verwenden Sie eine öffentliche https://-URL; ein Operator kann Loopback mit BILLING_CENTER_WEBHOOKS_ALLOW_LOCALHOST=true zulassen.',
  webhookAllowPrivateHint: () =>
    'Verwenden Sie eine öffentliche https://-URL; ein Operator kann private Netzwerke mit BILLING_CENTER_WEBHOOKS_ALLOW_PRIVATE_NETWORKS=true zulassen.',
  databaseUnavailable: () =>
    'Die Datenbank ist im Moment nicht erreichbar; die Anforderung wurde nicht ausgeführt.',
  retryAfterHint: () =>
    'Versuchen Sie es in einigen Sekunden erneut (siehe Retry-After). Eine Anforderung mit Idempotency-Key kann mit demselben Schlüssel wiederholt werden: Nichts wird doppelt ausgeführt.',
  amountBelowMinimum: (p, f) =>
    `${f.money(p.amount, p.currency)} ist weniger als die kleinste Kartenzahlung, die der Zahlungsdienst annimmt (${f.money(p.minimum, p.currency)}).`,
  amountBelowMinimumHint: () =>
    'Bezahlen Sie diesen Betrag per Rechnung (Überweisung), oder kaufen Sie mehr auf einmal, damit der fällige Betrag das Minimum erreicht. Es wurde nichts belastet oder geändert.',
  subscriptionChangedDuringPayment: () =>
    'Das Abonnement wurde während der Zahlung geändert; die Menge wurde nicht geändert.',
  readSubscriptionSubmitAgain: () =>
    'Lesen Sie das Abonnement erneut und senden Sie die Änderung noch einmal.',
  baseNowHasLicenses: (p) =>
    `Das Basisabonnement hat jetzt ${p.quantity} Lizenzen; das Add-On kann nicht mehr haben.`,
  paymentRefundedAfter: (p) => `${p.reason} Die Zahlung wird erstattet.`,
  testModeRequired: () =>
    'Testuhren gibt es nur im Testmodus: Diese Instanz belastet echte Karten über Stripe im Livemodus.',
  testModeHint: () =>
    'Verwenden Sie auf einer Testinstanz das integrierte Testgateway oder einen Stripe-Testschlüssel (sk_test_…).',
  testClockNotFound: (p) => `Testuhr ${p.id} wurde nicht gefunden.`,
  testClockBeforeInstance: () => 'Eine Testuhr kann nicht vor der Zeit der Instanz beginnen.',
  giveTimeAtOrAfter: (p) => `Geben Sie eine frozenTime ab ${p.time} an.`,
  tenantIdNotFound: (p) => `Organisation ${p.id} wurde nicht gefunden.`,
  testClockExists: (p) => `Organisation ${p.tenantId} hat bereits eine Testuhr.`,
  advanceOrDeleteClockHint: () => 'Stellen Sie diese Uhr vor, oder löschen Sie sie zuerst.',
  testClockAdvancing: (p) => `Testuhr ${p.id} wird bereits vorgestellt.`,
  waitUntilClockReadyHint: () => 'Warten Sie, bis ihr Status wieder ready ist.',
  timeOrDurationNotBoth: () => 'Geben Sie entweder frozenTime oder eine Dauer an, nicht beides.',
  testClockOnlyForward: () => 'Eine Testuhr bewegt sich nur vorwärts.',
  giveTimeAfter: (p) => `Geben Sie eine Zeit nach ${p.time} an.`,
  testClockMaxAdvance: () => 'Eine Testuhr wird höchstens drei Jahre auf einmal vorgestellt.',
  // (new messages above this line)
};

export const deDE: LocaleCatalog = {
  titles: {
    validation_failed: 'Die Anforderung ist ungültig',
    invalid_json: 'Der Text ist kein gültiges JSON',
    unauthenticated: 'Anmeldung erforderlich',
    invalid_credentials: 'E-Mail-Adresse oder Kennwort falsch',
    forbidden: 'Ihre Rolle lässt diese Aktion nicht zu',
    operator_only: 'Operator-Anmeldeinformationen erforderlich',
    not_found: 'Nicht gefunden',
    conflict: 'Konflikt',
    precondition_failed: 'Die Ressource wurde seit dem Lesen geändert',
    precondition_required: 'If-Match-Header erforderlich',
    idempotency_key_reused: 'Idempotenzschlüssel bereits für eine andere Anforderung verwendet',
    idempotency_key_in_flight: 'Eine Anforderung mit diesem Idempotenzschlüssel wird noch ausgeführt',
    payment_declined: 'Die Zahlung wurde abgelehnt',
    insufficient_funds: 'Unzureichende Deckung',
    payment_method_required: 'Eine Zahlungsmethode ist erforderlich',
    card_invalid: 'Die Karte ist ungültig',
    payment_gateway_unavailable: 'Der Zahlungsdienst hat nicht geantwortet',
    addon_already_on_base: 'Dieses Abonnement hat dieses Add-On bereits',
    unsupported_media_type: 'Nicht unterstützter Inhaltstyp',
    product_not_found: 'Produkt nicht gefunden',
    product_not_available_in_cloud: 'In dieser Cloud nicht erhältlich',
    offer_not_available: 'Angebot nicht verfügbar',
    price_not_available: 'Kein Preis in Ihrer Währung',
    not_an_addon: 'Kein Add-On',
    base_subscription_required: 'Wählen Sie ein Basisabonnement aus',
    base_subscription_not_eligible: 'Dieses Abonnement kann das Add-On nicht erhalten',
    no_eligible_base_subscription: 'Sie benötigen zuerst ein berechtigtes Basisabonnement',
    quantity_out_of_bounds: 'Menge außerhalb des zulässigen Bereichs',
    quantity_exceeds_base: 'Mehr Add-On-Lizenzen als Basislizenzen',
    billing_frequency_mismatch: 'Die Abrechnungshäufigkeit muss der des Basisabonnements entsprechen',
    duplicate_item: 'Dasselbe Produkt ist zweimal vorhanden',
    catalog_invalid: 'Der Katalog ist ungültig',
    subscription_not_active: 'Das Abonnement ist nicht aktiv',
    quantity_unchanged: 'Die Menge ist unverändert',
    quantity_below_assigned: 'Weniger Lizenzen als zugewiesen',
    quantity_below_addons: 'Weniger Lizenzen als ein Add-On dieses Abonnements',
    cancellation_window_closed: 'Eine Kündigung ist nicht mehr möglich',
    traditional_addon_not_removable: 'Ein an ein Abonnement gebundenes Add-On kann nicht entfernt werden',
    follows_base_subscription: 'Dieses Add-On folgt seinem Basisabonnement',
    already_cancelled: 'Bereits beendet',
    license_not_assignable: 'Dieses Produkt wird nicht Benutzern zugewiesen',
    license_already_assigned: 'Lizenz bereits zugewiesen',
    license_not_assigned: 'Lizenz nicht zugewiesen',
    no_licenses_available: 'Keine Lizenzen verfügbar',
    base_license_required: 'Der Benutzer benötigt eine berechtigte Basislizenz',
    base_license_in_use: 'Eine Add-On-Lizenz hängt von dieser Basislizenz ab',
    user_email_taken: 'E-Mail-Adresse bereits verwendet',
    last_global_admin: 'Letzter globaler Administrator',
    csv_invalid: 'Die CSV-Datei ist ungültig',
    support_request_closed: 'Supportanfrage geschlossen',
    support_request_type_invalid: 'Falscher Typ der Supportanfrage',
    invoice_not_open: 'Die Rechnung ist nicht offen',
    amount_exceeds_amount_due: 'Mehr als der noch fällige Betrag der Rechnung',
    bank_transfer_reference_reused: 'Diese Überweisungsreferenz wurde mit anderen Werten erfasst',
    payment_in_progress: 'Eine Zahlung dieser Rechnung wird ausgeführt',
    tenant_exists: 'Organisation bereits vorhanden',
    csrf_rejected: 'Anforderung abgelehnt: Sie stammt nicht aus dem Admin Center',
    too_many_requests: 'Zu viele Versuche',
    payload_too_large: 'Der Text der Anforderung ist zu groß',
    uri_too_long: 'Die Adresse ist zu lang',
    second_factor_required: 'Code für die Überprüfung in zwei Schritten erforderlich',
    invalid_second_factor: 'Der Überprüfungscode ist falsch',
    two_step_enrolment_required: 'Richten Sie zuerst die Anmeldung in zwei Schritten ein',
    internal_error: 'Auf unserer Seite ist ein Fehler aufgetreten',
    amount_below_minimum: 'Betrag unter der kleinsten Kartenzahlung',
    test_mode_required: 'Nur im Testmodus',
    test_clock_exists: 'Die Organisation hat bereits eine Testuhr',
    test_clock_advancing: 'Die Testuhr wird vorgestellt',
    test_clock_cannot_go_back: 'Eine Testuhr bewegt sich nur vorwärts',
    webhook_url_not_allowed: 'Webhook-Adresse nicht zulässig',
    service_unavailable: 'Der Dienst ist vorübergehend nicht verfügbar',
  },
  messages,
};
