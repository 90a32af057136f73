import type { LocaleCatalog, MessageCatalog } from './types.js';

const adverb = { monthly: 'mensuellement', annual: 'annuellement' } as const;
const adjective = { monthly: 'mensuel', annual: 'annuel' } as const;
const roles = {
  global_admin: 'Administrateur général',
  billing_admin: 'Administrateur de facturation',
  license_admin: 'Administrateur de licences',
  user: 'Utilisateur',
} as const;

/** French, with French typography (espace avant « : » et « ; », apostrophe typographique). */
const messages: MessageCatalog = {
  // schema messages (zod checks of our own: schemaMessage)
  schemaCountryCode: () => 'un code pays ISO 3166-1 alpha-2, par exemple US, FR, DE ou CN',
  schemaPaymentMethodId: () => 'un identifiant de mode de paiement de la passerelle (pm_…)',
  schemaWholeNumber: () => 'un nombre entier',
  schemaNotZero: () => 'ne doit pas être 0',
  schemaQuantityOrDelta: () => 'envoyez soit quantity, soit delta',
  schemaAtLeastOneField: () => 'Envoyez au moins un champ à modifier',
  // http
  requestInvalid: (p) => `La requête n’est pas valide : ${p.summary}`,
  contentTypeRefused: (p) => `Le Content-Type ${p.contentType} n’est pas accepté ici.`,
  sendJson: () => 'Envoyez application/json (ou text/csv pour les imports).',
  bodyNotJson: () => 'Le corps de la requête n’est pas du JSON valide.',
  bodyTooLarge: () => 'Le corps de la requête est trop volumineux.',
  addressPartTooLong: () => 'Une partie de l’adresse est trop longue : aucun identifiant n’est aussi long.',
  addressBadEncoding: () => 'L’adresse n’est pas valide (encodage % incorrect).',
  requestRefused: (p) => `La requête a été refusée : ${p.reason}`,
  serverFailed: () => 'La requête a échoué côté serveur ; rien n’a été modifié.',
  // checkout
  itemRepeatsItem: (p) => `L’article ${p.item} répète l’article ${p.first}.`,
  putQuantityOnOneItem: () => 'Indiquez toute la quantité sur un seul article.',
  productNotSold: (p) => `Aucun produit ${p.productId} n’est vendu.`,
  listProductsToBuy: () => 'GET /api/catalog/products liste ce qui peut être acheté.',
  productNotSoldInCloud: (p) => `${p.product} n’est pas vendu dans le cloud ${p.cloud}.`,
  quantityOutOfBoundsAsked: (p) =>
    `${p.product} se vend par quantités de ${p.min} à ${p.max} ; vous avez demandé ${p.quantity}.`,
  addonNeedsBasePlan: (p, f) =>
    `${p.product} nécessite un abonnement actif à l’un de ces produits : ${f.or(p.required)}.`,
  buyBasePlanFirst: () => 'Achetez d’abord l’un de ces abonnements de base.',
  subscriptionCannotCarry: (p) => `L’abonnement ${p.subscriptionId} ne peut pas recevoir ${p.product}.`,
  noSuchSubscriptionInTenant: (p) => `Aucun abonnement ${p.subscriptionId} pour ce client.`,
  chooseOneBase: (p) =>
    `${p.product} se rattache à un abonnement de base et ${p.count} conviennent ; sélectionnez-en un.`,
  sendBaseSubscriptionId: () => 'Envoyez baseSubscriptionId avec l’un des abonnements listés.',
  addonAlreadyOnSubscription: (p) => `${p.product} est déjà rattaché à l’abonnement ${p.subscriptionId}.`,
  changeExistingAddonQuantity: () =>
    'Modifiez plutôt la quantité du module existant (Vos produits › Compléments › Modifier la quantité).',
  addonAtMostBase: (p) =>
    `${p.product} peut avoir au plus ${p.max} licences, la quantité de son abonnement de base.`,
  cotermedWithBase: (p) =>
    `${p.product} suit le terme de son abonnement de base, facturé ${adverb[p.billingFrequency]} avec un engagement ${adjective[p.commitment]}.`,
  useBaseTerms: (p) =>
    `Utilisez billingFrequency « ${p.billingFrequency} » et commitment « ${p.commitment} », ou omettez-les.`,
  commitmentNotBilled: (p) =>
    `Un engagement ${adjective[p.commitment]} ne peut pas être facturé ${adverb[p.billingFrequency]}.`,
  offerNotInCurrency: (p) =>
    `${p.product} n’est pas proposé avec un engagement ${adjective[p.commitment]} facturé ${adverb[p.billingFrequency]} en ${p.currency}.`,
  // catalog
  productNotSoldHere: (p) => `Aucun produit « ${p.productId} » n’est vendu dans le cloud ${p.cloud}.`,
  listInstanceProducts: () => 'GET /api/catalog/products liste les produits de cette instance.',
  catalogNotImportable: (p) => `Le catalogue de ${p.source} ne peut pas être importé : ${p.summary}`,
  addonOnEveryBase: (p) =>
    `${p.product} est déjà rattaché à chaque abonnement qui peut le recevoir ; modifiez plutôt sa quantité.`,
  addonNeedsOneOfPlans: (p, f) =>
    `${p.product} nécessite un abonnement actif à l’un de ces abonnements : ${f.or(p.required)}.`,
  addonHasNoPrice: (p) => `${p.product} n’a pas de prix en ${p.currency}.`,
  catalogNotValid: (p) =>
    `Le catalogue n’est pas valide : ${p.summary}${p.more ? ` (+${p.more} autres)` : ''}`,
  fixCatalogErrors: () =>
    'Corrigez chaque entrée de `errors` (chemin et ligne dans le document), puis renvoyez-le. Rien n’a été importé.',
  headingAddOn: () => 'Module complémentaire',
  headingAvailableWith: () => 'Disponible dans les abonnements suivants',
  tenantNotFound: () => 'Client introuvable.',
  // subscriptions
  cardDeclined: () => 'La carte a été refusée.',
  cardInsufficientFunds: () => 'Fonds insuffisants sur la carte.',
  quantityNotChangedPayOther: () =>
    'La quantité n’a pas changé. Utilisez un autre moyen de paiement et soumettez à nouveau.',
  subscriptionNotActiveQuantity: (p) =>
    `${p.product} n’est pas actif (${p.status}) ; sa quantité ne peut pas changer.`,
  quantityOutOfBounds: (p) => `${p.product} se vend par quantités de ${p.min} à ${p.max}.`,
  alreadyHasQuantity: (p) => `${p.product} a déjà ${p.quantity}.`,
  addToBaseFirst: () => 'Ajoutez d’abord des licences à l’abonnement de base.',
  addonHasMoreLicenses: (p) =>
    `${p.addon} sur cet abonnement a ${p.quantity} licences ; la base ne peut pas descendre en dessous.`,
  reduceAddonFirst: () => 'Réduisez d’abord le module complémentaire.',
  licensesAssignedUnassignFirst: (p) =>
    `${p.assigned} licences ${p.product} sont attribuées ; retirez-en ${p.toUnassign} avant de passer à ${p.to}.`,
  unassignLicenses: (p) => `Retirez ${p.count} licence(s) : POST /api/licenses/${p.productId}/unassign.`,
  addingLicensesChargedNow: () =>
    'L’ajout de licences est facturé immédiatement : ajoutez d’abord un moyen de paiement.',
  otherChangePaymentRunning: () => 'Le paiement d’une autre modification de cet abonnement est en cours.',
  readAgainAndRetry: () => 'Relisez l’abonnement dans un instant et réessayez.',
  gatewaySilentQuantity: () =>
    'Le service de paiement n’a pas répondu ; la quantité n’est pas encore modifiée.',
  readSubscriptionInAMinute: () =>
    'Relisez l’abonnement dans une minute : la modification est appliquée, ou annulée, dès que le paiement est connu.',
  // idempotency
  storedText: (p) => p.text,
  idempotencyKeyLength: () => 'Idempotency-Key doit comporter de 1 à 255 caractères.',
  idempotencyKeyReused: () => 'Cette clé Idempotency-Key a déjà été utilisée pour une requête différente.',
  useNewKey: () =>
    'Utilisez une nouvelle clé pour une nouvelle requête ; ne réutilisez une clé que pour réessayer la même requête.',
  // orders and invoices
  cardFundsShort: () => 'La carte ne dispose pas de fonds suffisants pour ce montant.',
  cardDeclinedByIssuer: () => 'La carte a été refusée par la banque émettrice.',
  nothingBoughtUseAnotherCard: () =>
    'Rien n’a été acheté. Utilisez une autre carte ou payez par facture, puis repassez la commande.',
  paymentFailed: () => 'Le paiement n’a pas abouti.',
  paymentRefunded: (p) => `${p.reason} Le paiement est remboursé.`,
  orderCostChanged: () => 'La commande ne coûte plus le montant débité ; rien n’a été acheté.',
  firstRequestStillRunning: () => 'La première requête avec cette Idempotency-Key est encore en cours.',
  retryLaterSameKey: () =>
    'Réessayez plus tard avec la même clé : vous obtiendrez sa réponse, et rien n’est débité deux fois.',
  gatewaySilentOrder: () =>
    'Le service de paiement n’a pas répondu ; la commande n’est pas encore confirmée.',
  retrySameIdempotencyKey: () =>
    'Réessayez avec la même Idempotency-Key : la carte n’est jamais débitée deux fois.',
  somethingDueChoosePayment: () => 'Un montant est dû aujourd’hui : choisissez un moyen de paiement.',
  sendPaymentShape: () =>
    'Envoyez payment : {method: "saved", paymentMethodId}, {method: "card", paymentMethodId: "pm_…"} ou {method: "invoice"}.',
  invoiceNotFound: (p) => `Facture ${p.id} introuvable.`,
  invoiceNotOpen: (p) => `La facture ${p.number} n’est pas ouverte : rien n’y est dû.`,
  transferAlreadyRecorded: (p, f) =>
    `Le virement ${p.reference} est déjà enregistré sur ${p.number} avec d’autres valeurs (${f.money(p.amount, p.currency)} reçus le ${p.receivedOn}).`,
  invoiceOwesLess: (p, f) =>
    `La facture ${p.number} ne doit plus que ${f.money(p.due, p.currency)}, moins que ${f.money(p.amount, p.currency)}.`,
  recordAtMostDue: () =>
    'Enregistrez au plus le reste à payer ; remboursez le surplus hors de Billing Center.',
  payInvoiceByCard: () => 'Payez une facture par carte ; les virements sont enregistrés à leur arrivée.',
  invoicePaymentInProgress: (p) =>
    `Un paiement de ${p.number} est en cours ; son résultat n’est pas encore connu.`,
  reloadInvoiceLater: () =>
    'Il est enregistré et sera réglé par le rapprochement ; rechargez la facture plus tard plutôt que de payer à nouveau.',
  invoiceStillOpenPayAnother: () => 'La facture reste ouverte. Payez avec une autre carte.',
  invoiceNoLongerOwesRefunded: (p) =>
    `La facture ${p.number} ne doit plus le montant débité ; le paiement est remboursé.`,
  // sign-in and security
  authorizationHeaderShape: () => 'L’en-tête Authorization doit être « Bearer <jeton> ».',
  apiTokenUnknown: () => 'Le jeton d’API est inconnu ou révoqué.',
  signInOrSendToken: () =>
    'Connectez-vous, ou envoyez un jeton d’API comme « Authorization: Bearer <jeton> ».',
  operatorCannotActForTenant: () =>
    'Cette route agit pour un client ; l’identifiant d’opérateur ne peut pas l’utiliser.',
  roleDoesNotAllow: (p) => `Le rôle ${roles[p.role]} ne permet pas ${p.permission}.`,
  sendOperatorCredential: () => 'Envoyez l’identifiant d’opérateur comme « Authorization: Bearer <jeton> ».',
  emailOrPasswordWrong: () => 'L’adresse e-mail ou le mot de passe est incorrect.',
  emailInSeveralTenants: () => 'Cette adresse se connecte à plusieurs clients ; indiquez lequel.',
  sendTenantId: () => 'Envoyez tenantId avec la connexion.',
  enterAuthenticatorCode: () =>
    'Saisissez le code de votre application d’authentification (ou un code de récupération).',
  postSecondStep: () =>
    'POST /api/auth/second-step avec {"code": "123456"} et le cookie qui vient d’être défini.',
  signInWithPasswordFirst: () => 'Connectez-vous d’abord avec votre mot de passe.',
  codeWrongOrUsed: () => 'Le code est incorrect ou a déjà été utilisé.',
  csrfOrigin: (p) => `Les requêtes de ${p.origin} ne peuvent rien modifier ici.`,
  csrfFetchSite: (p) => `Une requête ${p.fetchSite} ne peut rien modifier ici.`,
  csrfOriginMissing: () =>
    'Une modification faite avec le cookie de session doit dire d’où elle vient (en-tête Origin).',
  csrfHeaderMissing: (p) =>
    `Une modification faite avec le cookie de session doit porter l’en-tête X-Requested-With: ${p.value}.`,
  useAdminCenterOrToken: () =>
    'Utilisez le centre d’administration, ou appelez l’API avec un jeton (Authorization: Bearer …) au lieu du cookie de session.',
  sendOneOf: (p, f) => `Envoyez ${f.or(p.types)}.`,
  hostileString: (p) => `${p.where} contient un octet NUL ou un demi-caractère UTF-16 isolé.`,
  hostileStringShort: () => 'Les octets NUL et les demi-caractères isolés ne sont pas acceptés',
  organisationRequiresTwoStep: () =>
    'Votre organisation exige la connexion en deux étapes pour les administrateurs : configurez-la d’abord.',
  openMyAccountSecurity: () =>
    'Ouvrez Mon compte › Sécurité dans le centre d’administration (POST /api/me/two-step/enrol, puis /confirm).',
  tooManySignIns: (p) =>
    `Trop de tentatives de connexion depuis votre adresse : réessayez dans ${p.seconds} s.`,
  currentPasswordWrong: () => 'Le mot de passe actuel est incorrect.',
  userNotFound: () => 'Utilisateur introuvable.',
  noSession: (p) => `Aucune session ${p.id}.`,
  twoStepAlreadyOn: () =>
    'La connexion en deux étapes est déjà active : désactivez-la d’abord pour changer d’application.',
  startWithEnrol: () => 'Commencez par POST /api/me/two-step/enrol.',
  codeDoesNotMatch: () => 'Le code ne correspond pas : vérifiez l’heure de votre appareil.',
  organisationRequiresTwoStepShort: () =>
    'Votre organisation exige la connexion en deux étapes pour les administrateurs.',
  globalAdminCanChange: () => 'Un administrateur général peut le changer dans Paramètres › Sécurité.',
  userNotFoundId: (p) => `Aucun utilisateur ${p.id}.`,
  noRoute: (p) => `Aucune route ${p.method} ${p.path}.`,
  seeApiDocs: () => 'Consultez /api/docs pour les routes de ce serveur.',
  concurrentChange: () =>
    'Une autre modification des mêmes données a eu lieu en même temps ; rien n’a été modifié.',
  readCurrentStateAndRetry: () => 'Relisez l’état actuel, puis réessayez.',
  // users and licenses
  csvHeaderShape: () =>
    'La première ligne doit nommer les colonnes : email,displayName,role (role facultatif), ou en français : adresse e-mail,nom complet,rôle.',
  csvQuoteNotClosed: (p) => `Un champ entre guillemets ouvert à la ligne ${p.line} n’est jamais fermé.`,
  csvEmpty: () => 'Le fichier est vide.',
  csvUnknownColumn: (p) => `Colonne « ${p.column} » inconnue dans l’en-tête.`,
  csvColumnTwice: (p) => `La colonne « ${p.column} » apparaît deux fois dans l’en-tête.`,
  csvMissingColumn: (p) => `L’en-tête n’a pas de colonne « ${p.column} ».`,
  csvTooManyRows: (p) => `Le fichier a ${p.rows} lignes ; au plus ${p.max} peuvent être importées à la fois.`,
  listUsers: () => 'GET /api/users liste les utilisateurs de votre organisation.',
  emailTaken: (p) => `Un utilisateur avec l’adresse ${p.email} existe déjà.`,
  lastGlobalAdminDelete: () =>
    'Cet utilisateur est le dernier administrateur général de l’organisation et ne peut pas être supprimé.',
  lastGlobalAdminRole: () =>
    'Cet utilisateur est le dernier administrateur général de l’organisation et doit garder ce rôle.',
  makeAnotherGlobalAdmin: () => 'Nommez d’abord un autre utilisateur administrateur général.',
  noApiToken: (p) => `Aucun jeton d’API ${p.id}.`,
  listTokens: () => 'GET /api/tokens liste les jetons de votre organisation.',
  billingProfileChanged: () => 'Le profil de facturation a été modifié par quelqu’un d’autre ; rechargez-le.',
  tooManyAccountFailures: (p) => `Trop d’échecs pour ce compte : réessayez dans ${p.seconds} s.`,
  eachFailureDoublesWait: () =>
    'Chaque nouvel échec double l’attente. Un administrateur peut définir un nouveau mot de passe entre-temps.',
  noProductId: (p) => `Aucun produit ${p.id}.`,
  listLicensedProducts: () =>
    'GET /api/licenses liste les produits pour lesquels votre organisation a des licences.',
  licenseSharedByTenant: (p) =>
    `${p.product} est ${p.unit === 'gb' ? 'du stockage en Go' : 'un crédit prépayé'}, partagé par toute l’organisation ; il ne s’attribue pas aux utilisateurs.`,
  noUserInTenant: (p) => `Aucun utilisateur ${p.userId} dans cette organisation.`,
  userAlreadyHasLicense: (p) => `${p.email} a déjà une licence ${p.product}.`,
  needsBaseLicenseOnUser: (p, f) =>
    `${p.product} nécessite une licence ${f.or(p.bases)} pour le même utilisateur ; ${p.email} n’en a aucune.`,
  assignBaseLicenseFirst: () =>
    'Attribuez d’abord une licence d’un abonnement de base éligible à cet utilisateur.',
  licensesWentToEarlierUsers: (p) =>
    `Seulement ${p.available} licence(s) ${p.product} étaient disponibles (${p.purchased} achetées, ${p.assigned} attribuées) ; elles ont été attribuées aux utilisateurs cités plus tôt dans cette requête.`,
  noLicenseAvailable: (p) =>
    `Aucune licence ${p.product} n’est disponible : ${p.purchased} achetées, ${p.assigned} attribuées.`,
  buyMoreOrUnassign: () =>
    'Achetez des licences supplémentaires, ou retirez-en d’abord à d’autres utilisateurs.',
  userHasNoLicense: (p) => `${p.email} n’a pas de licence ${p.product}.`,
  addonLicenseNeedsThis: (p, f) =>
    `${p.email} a ${f.and(p.dependents)}, qui nécessite cette licence ${p.product}.`,
  unassignAddonsFirstOrCascade: () =>
    'Retirez d’abord les licences des modules complémentaires, ou envoyez "cascade": true pour les retirer aussi.',
  csvRowEmailTaken: () => 'Un utilisateur avec cette adresse existe déjà ; il n’est pas modifié.',
  csvRowCreated: () => 'Créé.',
  csvRowDuplicate: (p) => `La même adresse figure à la ligne ${p.earlier}.`,
  csvRowNotApplied: (p) =>
    `Non importé : l’import est atomique et la ou les lignes ${p.rows} ont des erreurs.`,
  csvRowInvalidRole: (p) =>
    `Rôle « ${p.role} » inconnu ; utilisez global_admin, billing_admin, license_admin ou user.`,
  csvRowInvalidDisplayName: () => 'Le nom complet doit compter entre 1 et 200 caractères.',
  csvRowInvalidEmail: (p) => `« ${p.email} » n’est pas une adresse e-mail valide.`,
  csvRowFieldCount: (p) =>
    `La ligne a ${p.fields} champs ; l’en-tête en a ${p.columns}. Mettez entre guillemets les valeurs qui contiennent un séparateur.`,
  csvRowMalformedQuotes: () =>
    'Un guillemet fermant est suivi de texte ; doublez les guillemets à l’intérieur d’un champ entre guillemets ("").',
  // support, webhooks, payment methods, cancellation
  supportRequestNotFound: (p) => `Demande de support ${p.id} introuvable.`,
  removalNamesAddon: () => 'Une demande de suppression indique le module : envoyez subscriptionId.',
  subscriptionNotFound: (p) => `Abonnement ${p.id} introuvable.`,
  onlyTraditionalNeedsSupport: () =>
    'Seul un module complémentaire traditionnel nécessite le support pour être supprimé ; annulez cet abonnement ou désactivez sa facturation périodique.',
  subscriptionAlreadyEnded: (p) => `L’abonnement ${p.id} est déjà terminé.`,
  supportRequestClosed: (p) => `La demande de support ${p.id} est fermée (${p.status}).`,
  openNewRequest: () => 'Ouvrez une nouvelle demande.',
  supportRequestAlreadyClosed: (p) => `La demande de support ${p.id} est déjà fermée (${p.status}).`,
  onlyRemovalRemoves: () => 'Seule une demande de suppression peut supprimer un module.',
  webhookEndpointNotFound: (p) => `Point de terminaison de webhook ${p.id} introuvable.`,
  webhookUrlRefused: (p) => `URL de webhook ${p.url} refusée : ${p.reason}.`,
  webhookNotUrl: () => 'ce n’est pas une URL',
  webhookCredentials: () => 'les identifiants dans l’URL ne sont pas acceptés',
  webhookLoopback: () =>
    'les adresses de bouclage sont refusées sauf si BILLING_CENTER_WEBHOOKS_ALLOW_LOCALHOST=true',
  webhookHttpsOnly: () => 'l’URL doit commencer par https://',
  useHttpsUrl: () => 'Utilisez une URL https:// sur laquelle votre serveur peut recevoir des requêtes POST.',
  unknownEventTypes: (p) => `Type(s) d’événement inconnu(s) : ${p.types.join(', ')}.`,
  knownEventTypes: (p) => `Types connus : ${p.types.join(', ')}, ou "*" pour tous.`,
  webhookDeliveryNotFound: (p) => `Livraison de webhook ${p.id} introuvable.`,
  webhookDeliverySending: (p) => `La livraison de webhook ${p.id} est en cours d’envoi.`,
  waitThenResend: () => 'Attendez la fin de cette tentative, puis renvoyez si besoin.',
  emailsNotOptional: (p) => `Ces e-mails ne peuvent pas être désactivés : ${p.types.join(', ')}.`,
  onlyTheseOptional: (p) =>
    `Seuls ceux-ci le peuvent : ${p.types.join(', ')}. Les e-mails sur les paiements et la fin du service sont toujours envoyés.`,
  unsupportedLanguage: (p) => `Langue non prise en charge : ${p.locale}.`,
  gatewaySilentTryAgain: () => 'Le service de paiement n’a pas répondu. Réessayez dans un instant.',
  useAnotherCardOrInvoice: () => 'Utilisez une autre carte ou payez par facture.',
  cardNotAccepted: () => 'La carte n’a pas été acceptée par le service de paiement.',
  sendPaymentMethodId: () =>
    'Envoyez l’identifiant d’un moyen de paiement créé dans le navigateur (pm_…), ou un identifiant de test comme pm_card_visa.',
  paymentMethodNotFound: (p) => `Moyen de paiement ${p.id} introuvable.`,
  traditionalAddonNotRemovable: (p) =>
    `${p.product} est un module complémentaire traditionnel : une fois acheté, il ne peut pas être supprimé par un administrateur.`,
  openSupportRequestToRemove: (p) =>
    `Ouvrez une demande de support pour le faire supprimer : POST /api/support-requests {"type": "remove_traditional_addon", "subscriptionId": "${p.subscriptionId}"}.`,
  cancellationWindowClosed: (p) =>
    `${p.product} ne pouvait être annulé avec remboursement que jusqu’au ${p.until}, ${p.hours} heures après l’achat ou le renouvellement.`,
  turnOffRecurringInstead: (p) =>
    `Désactivez plutôt la facturation périodique ; l’abonnement prendra fin le ${p.termEnd} : PATCH /api/subscriptions/${p.subscriptionId} {"recurringBilling": false}.`,
  subscriptionChanged: (p) =>
    `L’abonnement ${p.id} a changé depuis votre lecture (version ${p.version}, vous avez envoyé ${p.sent}).`,
  readAgainCheckRetry: () =>
    'Relisez-le, vérifiez que la modification a toujours un sens, et réessayez avec le nouvel ETag.',
  // operator, notifications, orders
  emailHasNoEml: (p) => `L’e-mail ${p.id} n’a pas de fichier .eml (envoyé par SMTP, ou pas encore).`,
  emailNotFound: (p) => `E-mail ${p.id} introuvable.`,
  eventNotFound: (p) => `Événement ${p.id} introuvable.`,
  clockNotManual: () => 'L’horloge ne peut être déplacée que si BILLING_CENTER_MANUAL_CLOCK=true.',
  ifMatchShape: (p) => `If-Match doit être un ETag de cette API, comme "v3" ; reçu ${p.header}.`,
  orderNotFound: (p) => `Commande ${p.id} introuvable.`,
  subscriptionChangedWhilePaid: (p) => `L’abonnement ${p.id} a changé pendant le paiement de sa période.`,
  addonFollowsBase: (p) =>
    `${p.product} est un module complémentaire traditionnel : il se renouvelle ou prend fin avec son abonnement de base.`,
  changeRecurringOnBase: (p) =>
    `Modifiez la facturation périodique de l’abonnement de base ${p.baseSubscriptionId}.`,
  subscriptionNotActiveRecurring: (p) =>
    `${p.product} n’est pas actif (${p.status}) ; la facturation périodique ne peut pas changer.`,
  webhookAddressRefused: (p) =>
    `URL de webhook ${p.url} refusée : adresse ${p.loopback ? 'de bouclage' : 'privée, lien-local ou réservée'}.`,
  webhookAllowLoopbackHint: () =>
    'Utilisez une URL https:// publique ; un opérateur peut autoriser le bouclage avec BILLING_CENTER_WEBHOOKS_ALLOW_LOCALHOST=true.',
  webhookAllowPrivateHint: () =>
    'Utilisez une URL https:// publique ; un opérateur peut autoriser les réseaux privés avec BILLING_CENTER_WEBHOOKS_ALLOW_PRIVATE_NETWORKS=true.',
  databaseUnavailable: () => 'La base de données est injoignable pour le moment ; la requête n’a pas abouti.',
  retryAfterHint: () =>
    'Réessayez dans quelques secondes (voir Retry-After). Une requête envoyée avec une Idempotency-Key peut être réessayée avec la même clé : rien n’est fait deux fois.',
  amountBelowMinimum: (p, f) =>
    `${f.money(p.amount, p.currency)} est inférieur au plus petit paiement par carte accepté par le service de paiement (${f.money(p.minimum, p.currency)}).`,
  amountBelowMinimumHint: () =>
    'Payez ce montant par facture (virement), ou achetez-en davantage en une fois pour atteindre le minimum. Rien n’a été débité ni modifié.',
  subscriptionChangedDuringPayment: () =>
    'L’abonnement a changé pendant le paiement ; la quantité n’a pas été modifiée.',
  readSubscriptionSubmitAgain: () => 'Relisez l’abonnement et soumettez à nouveau la modification.',
  baseNowHasLicenses: (p) =>
    `L’abonnement de base a maintenant ${p.quantity} licences ; le module ne peut pas en avoir plus.`,
  paymentRefundedAfter: (p) => `${p.reason} Le paiement est remboursé.`,
  testModeRequired: () =>
    'Les horloges de test n’existent qu’en mode test : cette instance débite de vraies cartes par Stripe en production.',
  testModeHint: () =>
    'Utilisez la passerelle de test intégrée ou une clé de test Stripe (sk_test_…) sur une instance de test.',
  testClockNotFound: (p) => `L’horloge de test ${p.id} est introuvable.`,
  testClockBeforeInstance: () => 'Une horloge de test ne peut pas commencer avant l’heure de l’instance.',
  giveTimeAtOrAfter: (p) => `Indiquez un frozenTime égal ou postérieur à ${p.time}.`,
  tenantIdNotFound: (p) => `L’organisation ${p.id} est introuvable.`,
  testClockExists: (p) => `L’organisation ${p.tenantId} a déjà une horloge de test.`,
  advanceOrDeleteClockHint: () => 'Faites avancer cette horloge, ou supprimez-la d’abord.',
  testClockAdvancing: (p) => `L’horloge de test ${p.id} est déjà en train d’avancer.`,
  waitUntilClockReadyHint: () => 'Attendez que son état redevienne ready.',
  timeOrDurationNotBoth: () => 'Indiquez soit frozenTime, soit une durée, pas les deux.',
  testClockOnlyForward: () => 'Une horloge de test ne fait qu’avancer.',
  giveTimeAfter: (p) => `Indiquez une heure postérieure à ${p.time}.`,
  testClockMaxAdvance: () => 'Une horloge de test avance d’au plus trois ans à la fois.',
  // (new messages above this line)
};

export const frFR: LocaleCatalog = {
  titles: {
    validation_failed: 'La requête n’est pas valide',
    invalid_json: 'Le corps n’est pas du JSON valide',
    unauthenticated: 'Connexion requise',
    invalid_credentials: 'Adresse e-mail ou mot de passe incorrect',
    forbidden: 'Votre rôle ne permet pas cette action',
    operator_only: 'Identifiant d’opérateur requis',
    not_found: 'Introuvable',
    conflict: 'Conflit',
    precondition_failed: 'La ressource a changé depuis votre lecture',
    precondition_required: 'En-tête If-Match requis',
    idempotency_key_reused: 'Clé d’idempotence déjà utilisée pour une autre requête',
    idempotency_key_in_flight: 'Une requête avec cette clé d’idempotence est en cours',
    payment_declined: 'Le paiement a été refusé',
    insufficient_funds: 'Fonds insuffisants',
    payment_method_required: 'Un moyen de paiement est requis',
    card_invalid: 'La carte n’est pas valide',
    payment_gateway_unavailable: 'Le service de paiement n’a pas répondu',
    addon_already_on_base: 'Cet abonnement dispose déjà de ce module complémentaire',
    unsupported_media_type: 'Type de contenu non pris en charge',
    product_not_found: 'Produit introuvable',
    product_not_available_in_cloud: 'Non vendu dans ce cloud',
    offer_not_available: 'Offre indisponible',
    price_not_available: 'Aucun prix dans votre devise',
    not_an_addon: 'Ce n’est pas un module complémentaire',
    base_subscription_required: 'Sélectionnez un abonnement de base',
    base_subscription_not_eligible: 'Cet abonnement ne peut pas recevoir ce module complémentaire',
    no_eligible_base_subscription: 'Vous devez d’abord disposer d’un abonnement de base éligible',
    quantity_out_of_bounds: 'Quantité hors limites',
    quantity_exceeds_base: 'Plus de licences de module complémentaire que de licences de base',
    billing_frequency_mismatch: 'La fréquence de facturation doit être celle de l’abonnement de base',
    duplicate_item: 'Le même produit apparaît deux fois',
    catalog_invalid: 'Le catalogue n’est pas valide',
    subscription_not_active: 'L’abonnement n’est pas actif',
    quantity_unchanged: 'La quantité est inchangée',
    quantity_below_assigned: 'Moins de licences que de licences attribuées',
    quantity_below_addons: 'Moins de licences qu’un module complémentaire de cet abonnement',
    cancellation_window_closed: 'L’annulation n’est plus possible',
    traditional_addon_not_removable: 'Un module complémentaire traditionnel ne peut pas être supprimé',
    follows_base_subscription: 'Ce module complémentaire suit son abonnement de base',
    already_cancelled: 'Déjà terminé',
    license_not_assignable: 'Ce produit ne s’attribue pas aux utilisateurs',
    license_already_assigned: 'Licence déjà attribuée',
    license_not_assigned: 'Licence non attribuée',
    no_licenses_available: 'Aucune licence disponible',
    base_license_required: 'L’utilisateur a besoin d’une licence de base éligible',
    base_license_in_use: 'Une licence de module complémentaire dépend de cette licence de base',
    user_email_taken: 'Adresse e-mail déjà utilisée',
    last_global_admin: 'Dernier administrateur général',
    csv_invalid: 'Le fichier CSV n’est pas valide',
    support_request_closed: 'Demande de support fermée',
    support_request_type_invalid: 'Type de demande de support incorrect',
    invoice_not_open: 'La facture n’est pas ouverte',
    amount_exceeds_amount_due: 'Plus que le reste à payer de la facture',
    bank_transfer_reference_reused: 'Cette référence de virement a été enregistrée avec d’autres valeurs',
    payment_in_progress: 'Un paiement de cette facture est en cours',
    tenant_exists: 'Le client existe déjà',
    csrf_rejected: 'Requête refusée : elle ne vient pas du centre d’administration',
    too_many_requests: 'Trop de tentatives',
    payload_too_large: 'Le corps de la requête est trop volumineux',
    uri_too_long: 'L’adresse est trop longue',
    second_factor_required: 'Code de vérification en deux étapes requis',
    invalid_second_factor: 'Le code de vérification est incorrect',
    two_step_enrolment_required: 'Configurez d’abord la connexion en deux étapes',
    internal_error: 'Une erreur interne est survenue',
    amount_below_minimum: 'Montant inférieur au plus petit paiement par carte',
    test_mode_required: 'Uniquement en mode test',
    test_clock_exists: 'L’organisation a déjà une horloge de test',
    test_clock_advancing: 'L’horloge de test est en train d’avancer',
    test_clock_cannot_go_back: 'Une horloge de test ne fait qu’avancer',
    webhook_url_not_allowed: 'Adresse de webhook non autorisée',
    service_unavailable: 'Le service est momentanément indisponible',
  },
  messages,
};
