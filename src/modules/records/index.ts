// Stored records in the reader's language: record kinds and their parameters, the typed word
// catalogs (records, audit entries) and their renderer. See docs/records.md.
export { record, recordKinds, recordSchema, recordView, isStoredRecord } from './record.types.js';
export type { RecordView, RecordKind, RecordParams, StoredRecord, ProductUnitKind } from './record.types.js';
export { recordWords } from './records.catalog.js';
export { auditWords, describedAuditActions } from './audit.catalog.js';
export type { DescribedAuditAction } from './audit.catalog.js';
export {
  renderRecord,
  renderAudit,
  describedRecord,
  namesOf,
  loadProductNames,
  productIdOf,
  recordFormat,
} from './render.js';
export type { ProductNames } from './render.js';
