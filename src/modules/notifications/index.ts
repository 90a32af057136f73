export { emitEvent, emitEvents } from './emit.js';
export {
  emitInvoiceIssued,
  emitLicensesAssigned,
  emitSubscriptionStatus,
  invoiceIssuedEvent,
  subscriptionStatusEvent,
} from './notify.js';
export type { AnyEmitInput, EmitInput } from './emit.js';
export {
  eventApiVersion,
  eventDataSchemas,
  eventEmail,
  eventEnvelopeSchema,
  eventTypes,
  isEventType,
  optionalEmailTypes,
} from './events.catalog.js';
export type { EventData, EventType } from './events.catalog.js';
export { mailLocales, toMailLocale } from './mail.texts.js';
export type { MailLocale } from './mail.texts.js';
export { formatMoney, renderMail } from './mail.render.js';
export { mailDir } from './mailer.js';
export { mailPublicUrl, recordPublicUrl } from './public-url.js';
export {
  deliverWebhook,
  dispatchEvent,
  eventEnvelope,
  renderDelivery,
  sendEmailDelivery,
  sweepJob,
  sweepNotifications,
  webhookBackoffMs,
} from './notifications.service.js';
export type { SweepReport } from './notifications.service.js';
export {
  changeEndpoint,
  createEndpoint,
  deleteEndpoint,
  getDelivery,
  getEndpointDeliveries,
  getEndpoints,
  getPreferences,
  requireEndpoint,
  resendDelivery,
  rotateEndpointSecret,
  setPreferences,
  toEndpointView,
} from './endpoints.service.js';
export type { DeliveryView, EndpointScope, EndpointView, PreferencesView } from './endpoints.service.js';
export { findEmailDelivery, findEvent, listEmailDeliveries, listEvents } from './notifications.repository.js';
export { signatureHeader, signatureHeaderName, verifySignature } from './webhook-signing.js';
export { registerNotificationJobs } from './jobs.js';
