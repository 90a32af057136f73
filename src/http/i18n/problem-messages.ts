import type { ErrorCode } from '../../shared/app-error.js';

/**
 * Titles of every error code, in each supported language. The `detail` of a problem is the
 * AppError's message, or its `messageFr` when the caller prefers French.
 */
export const problemTitles: Record<ErrorCode, { en: string; fr: string }> = {
  validation_failed: { en: 'The request is not valid', fr: 'La requête n’est pas valide' },
  invalid_json: { en: 'The body is not valid JSON', fr: 'Le corps n’est pas du JSON valide' },
  unauthenticated: { en: 'Sign-in required', fr: 'Connexion requise' },
  invalid_credentials: { en: 'Wrong email or password', fr: 'Adresse e-mail ou mot de passe incorrect' },
  forbidden: { en: 'Your role does not allow this', fr: 'Votre rôle ne permet pas cette action' },
  operator_only: { en: 'Operator credential required', fr: 'Identifiant d’opérateur requis' },
  not_found: { en: 'Not found', fr: 'Introuvable' },
  conflict: { en: 'Conflict', fr: 'Conflit' },
  precondition_failed: {
    en: 'The resource changed since you read it',
    fr: 'La ressource a changé depuis votre lecture',
  },
  precondition_required: { en: 'If-Match header required', fr: 'En-tête If-Match requis' },
  idempotency_key_reused: {
    en: 'Idempotency key already used with another request',
    fr: 'Clé d’idempotence déjà utilisée pour une autre requête',
  },
  idempotency_key_in_flight: {
    en: 'A request with this idempotency key is still running',
    fr: 'Une requête avec cette clé d’idempotence est en cours',
  },
  payment_declined: { en: 'The payment was declined', fr: 'Le paiement a été refusé' },
  insufficient_funds: { en: 'Insufficient funds', fr: 'Fonds insuffisants' },
  payment_method_required: { en: 'A payment method is required', fr: 'Un moyen de paiement est requis' },
  card_invalid: { en: 'The card is not valid', fr: 'La carte n’est pas valide' },
  amount_below_minimum: {
    en: 'Amount below the smallest card payment',
    fr: 'Montant inférieur au plus petit paiement par carte',
  },
  payment_gateway_unavailable: {
    en: 'The payment service did not answer',
    fr: 'Le service de paiement n’a pas répondu',
  },
  addon_already_on_base: {
    en: 'This subscription already has this add-on',
    fr: 'Cet abonnement dispose déjà de ce module complémentaire',
  },
  unsupported_media_type: { en: 'Unsupported content type', fr: 'Type de contenu non pris en charge' },
  product_not_found: { en: 'No such product', fr: 'Produit introuvable' },
  product_not_available_in_cloud: {
    en: 'Not sold in this cloud',
    fr: 'Non vendu dans ce cloud',
  },
  offer_not_available: { en: 'No such offer', fr: 'Offre indisponible' },
  price_not_available: { en: 'No price in your currency', fr: 'Aucun prix dans votre devise' },
  not_an_addon: { en: 'Not an add-on', fr: 'Ce n’est pas un module complémentaire' },
  base_subscription_required: {
    en: 'Choose a base subscription',
    fr: 'Sélectionnez un abonnement de base',
  },
  base_subscription_not_eligible: {
    en: 'This subscription cannot carry the add-on',
    fr: 'Cet abonnement ne peut pas recevoir ce module complémentaire',
  },
  no_eligible_base_subscription: {
    en: 'You need an eligible base plan first',
    fr: 'Vous devez d’abord disposer d’un abonnement de base éligible',
  },
  quantity_out_of_bounds: { en: 'Quantity out of bounds', fr: 'Quantité hors limites' },
  quantity_exceeds_base: {
    en: 'More add-on licenses than base licenses',
    fr: 'Plus de licences de module complémentaire que de licences de base',
  },
  billing_frequency_mismatch: {
    en: 'Billing frequency must match the base subscription',
    fr: 'La fréquence de facturation doit être celle de l’abonnement de base',
  },
  duplicate_item: { en: 'The same product appears twice', fr: 'Le même produit apparaît deux fois' },
  catalog_invalid: { en: 'The catalog is not valid', fr: 'Le catalogue n’est pas valide' },
  subscription_not_active: { en: 'The subscription is not active', fr: 'L’abonnement n’est pas actif' },
  quantity_unchanged: { en: 'The quantity is unchanged', fr: 'La quantité est inchangée' },
  quantity_below_assigned: {
    en: 'Fewer licenses than are assigned',
    fr: 'Moins de licences que de licences attribuées',
  },
  quantity_below_addons: {
    en: 'Fewer licenses than an add-on of this subscription',
    fr: 'Moins de licences qu’un module complémentaire de cet abonnement',
  },
  cancellation_window_closed: {
    en: 'Cancellation is no longer possible',
    fr: 'L’annulation n’est plus possible',
  },
  traditional_addon_not_removable: {
    en: 'A traditional add-on cannot be removed',
    fr: 'Un module complémentaire traditionnel ne peut pas être supprimé',
  },
  follows_base_subscription: {
    en: 'This add-on follows its base subscription',
    fr: 'Ce module complémentaire suit son abonnement de base',
  },
  already_cancelled: { en: 'Already ended', fr: 'Déjà terminé' },
  license_not_assignable: {
    en: 'This product is not assigned to users',
    fr: 'Ce produit ne s’attribue pas aux utilisateurs',
  },
  license_already_assigned: { en: 'License already assigned', fr: 'Licence déjà attribuée' },
  license_not_assigned: { en: 'License not assigned', fr: 'Licence non attribuée' },
  no_licenses_available: { en: 'No licenses available', fr: 'Aucune licence disponible' },
  base_license_required: {
    en: 'The user needs an eligible base license',
    fr: 'L’utilisateur a besoin d’une licence de base éligible',
  },
  base_license_in_use: {
    en: 'An add-on license depends on this base license',
    fr: 'Une licence de module complémentaire dépend de cette licence de base',
  },
  user_email_taken: { en: 'Email already in use', fr: 'Adresse e-mail déjà utilisée' },
  last_global_admin: { en: 'Last Global admin', fr: 'Dernier administrateur général' },
  csv_invalid: { en: 'The CSV file is not valid', fr: 'Le fichier CSV n’est pas valide' },
  support_request_closed: { en: 'Support request closed', fr: 'Demande de support fermée' },
  support_request_type_invalid: {
    en: 'Wrong support request type',
    fr: 'Type de demande de support incorrect',
  },
  invoice_not_open: { en: 'The invoice is not open', fr: 'La facture n’est pas ouverte' },
  amount_exceeds_amount_due: {
    en: 'More than the invoice still owes',
    fr: 'Plus que le reste à payer de la facture',
  },
  bank_transfer_reference_reused: {
    en: 'This transfer reference was recorded with other values',
    fr: 'Cette référence de virement a été enregistrée avec d’autres valeurs',
  },
  payment_in_progress: {
    en: 'A payment of this invoice is in progress',
    fr: 'Un paiement de cette facture est en cours',
  },
  tenant_exists: { en: 'Tenant exists', fr: 'Le client existe déjà' },
  csrf_rejected: {
    en: 'Request refused: it did not come from the admin center',
    fr: 'Requête refusée : elle ne vient pas du centre d’administration',
  },
  too_many_requests: { en: 'Too many attempts', fr: 'Trop de tentatives' },
  payload_too_large: {
    en: 'The request body is too large',
    fr: 'Le corps de la requête est trop volumineux',
  },
  uri_too_long: { en: 'The address is too long', fr: 'L’adresse est trop longue' },
  second_factor_required: {
    en: 'Two-step verification code required',
    fr: 'Code de vérification en deux étapes requis',
  },
  invalid_second_factor: {
    en: 'The verification code is wrong',
    fr: 'Le code de vérification est incorrect',
  },
  two_step_enrolment_required: {
    en: 'Set up two-step sign-in first',
    fr: 'Configurez d’abord la connexion en deux étapes',
  },
  test_mode_required: { en: 'Only in test mode', fr: 'Uniquement en mode test' },
  test_clock_exists: { en: 'The tenant already has a test clock', fr: 'L’organisation a déjà une horloge de test' },
  test_clock_advancing: { en: 'The test clock is advancing', fr: 'L’horloge de test est en train d’avancer' },
  test_clock_cannot_go_back: { en: 'A test clock only moves forward', fr: 'Une horloge de test ne fait qu’avancer' },
  webhook_url_not_allowed: { en: 'Webhook address not allowed', fr: 'Adresse de webhook non autorisée' },
  internal_error: { en: 'Something went wrong on our side', fr: 'Une erreur interne est survenue' },
  service_unavailable: {
    en: 'The service is unavailable for a moment',
    fr: 'Le service est momentanément indisponible',
  },
};
