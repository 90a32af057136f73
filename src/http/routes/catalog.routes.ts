import type { AppContext } from '../../app-context.js';
import type { Api } from '../api.js';

export async function registerCatalogRoutes(_api: Api, _ctx: AppContext) {}
