export {
  createUser,
  deleteUser,
  getUser,
  getUsers,
  listUsers,
  toUserView,
  updateUser,
} from './users.service.js';
export { importUsers, maxImportRows, parseUsersCsv } from './users.csv.js';
export { findUser as findUserRow } from './users.repository.js';
export {
  createUserBodySchema,
  importReportSchema,
  importRowCodes,
  listUsersQuerySchema,
  updateUserBodySchema,
  userListSchema,
  userViewSchema,
} from './users.types.js';
export type {
  CreateUserInput,
  ImportReport,
  ImportRowCode,
  ImportRowReport,
  ListUsersQuery,
  UpdateUserInput,
  UserList,
  UsersCsvRow,
  UserView,
} from './users.types.js';
