export { recordAudit, recordAudits, listAudit, systemActor, operatorActor } from './audit.repository.js';
export type { Actor, AuditInput, AuditQuery, Executor } from './audit.repository.js';
export { auditParamsOf } from './audit-params.js';
export type { AuditParams } from './audit-params.js';
