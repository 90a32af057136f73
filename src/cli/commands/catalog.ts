import path from 'node:path';
import type { AppContext } from '../../app-context.js';
import type { Config } from '../../config.js';
import { operatorActor, type Actor } from '../../modules/audit/index.js';
import { importCatalogFile, validateCatalogFile } from '../../modules/catalog/index.js';
import { openContext } from '../database.js';
import type { Lifecycle } from '../lifecycle.js';
import { startProgress } from '../progress.js';

/**
 * `billing-center catalog validate <file>`: checks a catalog file without a database and
 * prints every problem as `file:line: path: message`. Exit status 1 when it is not valid.
 */
export async function validateCatalog(file: string): Promise<number> {
  const result = await validateCatalogFile(file);
  const shown = displayPath(file);
  if (!result.ok) {
    process.stderr.write(`${shown} is not a valid catalog (${result.problems.length} problem(s)):\n`);
    for (const problem of result.problems) {
      const line = 'line' in problem && typeof problem.line === 'number' ? `:${problem.line}` : '';
      process.stderr.write(`  ${shown}${line}: ${problem.path}: ${problem.message}\n`);
    }
    return 1;
  }
  const products = result.document.products;
  const bases = products.filter((product) => product.kind === 'base').length;
  process.stdout.write(
    `${shown} is a valid catalog: version ${result.document.version}, ` +
      `${bases} base plan(s) and ${products.length - bases} add-on(s).\n`,
  );
  return 0;
}

/** `billing-center catalog import <file>`: imports a new catalog version (idempotent). */
export async function importCatalog(config: Config, lifecycle: Lifecycle, file: string): Promise<number> {
  const { ctx } = await openContext(config, lifecycle);
  await importCatalogWithProgress(ctx, path.resolve(file), operatorActor);
  return 0;
}

/**
 * Imports a catalog file with a spinner on stderr. Importing the same file twice changes
 * nothing; a new version never changes what existing subscriptions pay.
 */
export async function importCatalogWithProgress(ctx: AppContext, file: string, actor: Actor) {
  const shown = displayPath(file);
  const progress = startProgress(`Importing the catalog ${shown}`);
  try {
    const result = await importCatalogFile(ctx.db, file, { now: ctx.clock.now(), actor });
    progress.finish(
      result.changed
        ? `Catalog version ${result.version} imported from ${shown}.`
        : `Catalog version ${result.version} (${shown}) is already imported; nothing changed.`,
    );
    return result;
  } catch (error) {
    progress.fail();
    throw error;
  }
}

/** Paths inside the working directory print relative (as typed); others print absolute. */
function displayPath(file: string): string {
  const relative = path.relative(process.cwd(), path.resolve(file));
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : path.resolve(file);
}
