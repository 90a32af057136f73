// Placeholder until the catalog area lands: the contract other areas rely on.
import type { Db } from '../../db/connection.js';
import type { Actor } from '../audit/index.js';

export async function importCatalogFile(
  _db: Db,
  _file: string,
  _options: { now: Date; actor: Actor },
): Promise<{ versionId: number; version: string; changed: boolean }> {
  return { versionId: 0, version: 'none', changed: false };
}
