export * from './support.types.js';
export {
  createSupportRequest,
  addSupportMessage,
  toSupportRequestView,
  subjectRecordOf,
  supportRequestNotFound,
} from './support.service.js';
export { findSupportRequest, listSupportRequests, updateSupportRequest } from './support.repository.js';
