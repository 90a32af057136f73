export { createApiToken, listApiTokens, revokeApiToken } from './api-tokens.service.js';
export { apiTokenViewSchema, createApiTokenBodySchema, createdApiTokenSchema } from './api-tokens.types.js';
export type { ApiTokenView, CreateApiTokenInput } from './api-tokens.types.js';
