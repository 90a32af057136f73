import type { AppContext } from '../../app-context.js';
import type { Api } from '../api.js';

export async function registerLicensesRoutes(_api: Api, _ctx: AppContext) {}
