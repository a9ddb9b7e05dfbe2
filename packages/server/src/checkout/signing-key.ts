import { randomBytes } from 'node:crypto';
import type { ServerStore } from '../storage/open.js';

const NAME = 'client_secret_signing_key';

/**
 * The key the server signs what it hands the browser with (the client secrets it mints, the
 * return pages' targets). Made on the first start and kept in the server's database, so
 * every instance on one PostgreSQL signs and checks with the same key and a restart keeps
 * every secret already handed out valid. Two instances starting at once both insert; the
 * first row wins and both read it.
 */
export async function signingKey(store: ServerStore): Promise<Buffer> {
  await store.db
    .insertInto('server_settings')
    .values({ name: NAME, value: randomBytes(32).toString('base64') })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  const row = await store.db.selectFrom('server_settings').select('value').where('name', '=', NAME).executeTakeFirstOrThrow();
  return Buffer.from(row.value, 'base64');
}
