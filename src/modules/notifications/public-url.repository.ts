import type { Executor } from '../audit/index.js';

const publicUrlSetting = 'public_url';

export async function savePublicUrl(db: Executor, url: string, at: Date): Promise<void> {
  await db
    .insertInto('instance_settings')
    .values({ name: publicUrlSetting, value: url, updated_at: at })
    .onConflict((oc) => oc.column('name').doUpdateSet({ value: url, updated_at: at }))
    .execute();
}

export async function findPublicUrl(db: Executor): Promise<string | undefined> {
  const row = await db
    .selectFrom('instance_settings')
    .select('value')
    .where('name', '=', publicUrlSetting)
    .executeTakeFirst();
  return row?.value;
}
