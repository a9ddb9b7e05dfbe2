import type { Kysely, SelectQueryBuilder, Transaction } from 'kysely';
import type { Database, ObjectRow, Table } from './schema.js';
import type { Dialect } from './open.js';

/** The root database or the request's transaction: every query takes one. */
export type Db = Kysely<Database> | Transaction<Database>;

/**
 * The database as a Collection sees it: a table of objects keeps each one as JSON in `data`
 * under `id`, with the columns its `columnsOf` extracts beside them (named at run time).
 */
export type ObjectTables = Record<string, ObjectRow & Record<string, string | number | null>>;

/** `db` (or the transaction) for queries on a table of objects, by name. */
export const objectsIn = (db: Db) => db as unknown as Kysely<ObjectTables>;

export interface Page<T> {
  items: T[];
  has_more: boolean;
}

export interface PageRequest {
  limit: number;
  /** Objects to skip (after the cursor, if any): Flex's `offset`. */
  offset?: number | undefined;
  starting_after?: string | undefined;
  ending_before?: string | undefined;
  /**
   * Column filters (only the table's indexed columns): a value (null: none), or a list of
   * values, any of which matches (an empty list matches nothing).
   */
  where?: Record<string, string | number | null | readonly string[] | undefined>;
  /** More conditions than the columns' (a metadata key, …). */
  refine?: ((query: ListQuery) => ListQuery) | undefined;
}

/** A list's query, before its cursor, order and page are added. */
export type ListQuery = SelectQueryBuilder<ObjectTables, string, { data: string }>;

/**
 * PostgreSQL text cannot hold U+0000 and fails the whole query on one; no row can hold it
 * on either database, so a lookup by such a value simply finds nothing.
 */
const holdsNul = (value: unknown) => typeof value === 'string' && value.includes('\u0000');

/**
 * One table of API objects: the object is stored whole as JSON, with the columns the
 * queries need extracted beside it. IDs are ULIDs, so ordering by ID is ordering by creation
 * and cursors need no extra column.
 */
export class Collection<T> {
  constructor(
    readonly table: Table,
    private readonly idOf: (object: T) => string,
    private readonly columnsOf: (object: T) => Record<string, unknown> = () => ({}),
  ) {}

  async insert(db: Db, object: T): Promise<T> {
    await objectsIn(db)
      .insertInto(this.table)
      .values({ id: this.idOf(object), data: JSON.stringify(object), ...this.columnsOf(object) })
      .execute();
    return object;
  }

  async get(db: Db, id: string): Promise<T | undefined> {
    if (holdsNul(id)) return undefined;
    const row = await objectsIn(db).selectFrom(this.table).select('data').where('id', '=', id).executeTakeFirst();
    return row ? (JSON.parse(row.data) as T) : undefined;
  }

  /**
   * Reads a row and, on PostgreSQL, locks it until the transaction ends, so two processes
   * acting on one object take turns. SQLite transactions already run one at a time.
   */
  async getForUpdate(db: Db, dialect: Dialect, id: string): Promise<T | undefined> {
    if (holdsNul(id)) return undefined;
    let query = objectsIn(db).selectFrom(this.table).select('data').where('id', '=', id);
    if (dialect === 'postgres') query = query.forUpdate();
    const row = await query.executeTakeFirst();
    return row ? (JSON.parse(row.data) as T) : undefined;
  }

  async findBy(db: Db, column: string, value: string): Promise<T | undefined> {
    if (holdsNul(value)) return undefined;
    const row = await objectsIn(db).selectFrom(this.table).select('data').where(column, '=', value).executeTakeFirst();
    return row ? (JSON.parse(row.data) as T) : undefined;
  }

  async update(db: Db, object: T): Promise<T> {
    await objectsIn(db)
      .updateTable(this.table)
      .set({ data: JSON.stringify(object), ...this.columnsOf(object) })
      .where('id', '=', this.idOf(object))
      .execute();
    return object;
  }

  /** Newest first; `starting_after` pages towards older objects, `ending_before` towards newer. */
  async list(db: Db, page: PageRequest): Promise<Page<T>> {
    const given = [page.starting_after, page.ending_before, ...Object.values(page.where ?? {}).flat()];
    if (given.some(holdsNul)) return { items: [], has_more: false };
    let query: ListQuery = objectsIn(db).selectFrom(this.table).select('data');
    for (const [column, value] of Object.entries(page.where ?? {})) {
      if (value === undefined) continue;
      if (Array.isArray(value)) {
        if (value.length === 0) return { items: [], has_more: false };
        query = query.where(column, 'in', value);
      } else query = query.where(column, value === null ? 'is' : '=', value);
    }
    if (page.refine) query = page.refine(query);
    const backwards = page.ending_before !== undefined;
    if (page.starting_after !== undefined) query = query.where('id', '<', page.starting_after);
    if (page.ending_before !== undefined) query = query.where('id', '>', page.ending_before);
    const rows = await query
      .orderBy('id', backwards ? 'asc' : 'desc')
      .limit(page.limit + 1)
      .offset(page.offset ?? 0)
      .execute();
    const has_more = rows.length > page.limit;
    const kept = rows.slice(0, page.limit).map((r) => JSON.parse(r.data) as T);
    return { items: backwards ? kept.reverse() : kept, has_more };
  }
}
