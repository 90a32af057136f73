export { recordAudit, recordAudits, listAudit, systemActor, operatorActor } from './audit.repository.js';
export type { Actor, AuditInput, AuditQuery, Executor } from './audit.repository.js';
