export {
  assignLicenses,
  autoAssignLicenses,
  countAssigned,
  licenseSummary,
  licensesByUser,
  listProductAssignments,
  productName,
  purchasedQuantity,
  refusalAsError,
  releaseExcessLicenses,
  releaseUserLicenses,
  unassignLicenses,
} from './licensing.service.js';
export { lockTenantLicenses } from './licensing.repository.js';
export {
  assignLicensesBodySchema,
  countingStatuses,
  licenseAssignmentSchema,
  licenseChangeResultSchema,
  licenseRefusalCodes,
  licenseSummaryItemSchema,
  unassignLicensesBodySchema,
} from './licensing.types.js';
export type {
  AssignLicensesBody,
  AutoAssignReport,
  AutoAssignUser,
  LicenseAssignmentView,
  LicenseChangeResult,
  LicenseRefusalCode,
  LicenseSummaryItem,
  ReleasedLicense,
  UnassignLicensesBody,
} from './licensing.types.js';
