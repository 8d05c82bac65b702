import { getMetadataArgsStorage } from 'typeorm';

export type EntityClass<E> = new () => E;

export interface ColumnInfo {
  /** The column's name in the database. */
  name: string;
  /** Its SQL type, e.g. `uuid`, `uuid[]`, `timestamptz`: PostgreSQL cannot infer a parameter's type in INSERT ... SELECT. */
  type: string;
}

export interface EntityTable<E> {
  table: string;
  columns: Map<keyof E & string, ColumnInfo>;
  /** `col AS "property", ...` for every column: rows come back keyed and typed as the entity. */
  selectList(alias?: string): string;
}

const cache = new Map<unknown, EntityTable<unknown>>();

/**
 * The table behind an entity class, read from its decorators (TypeORM's metadata arguments, which exist without a
 * DataSource): the entity stays the one description of a table, and SQL built from it cannot restate a type wrongly.
 */
export function entityTable<E>(entity: EntityClass<E>): EntityTable<E> {
  const hit = cache.get(entity);
  if (hit) return hit as EntityTable<E>;
  const storage = getMetadataArgsStorage();
  const table = storage.tables.find((t) => t.target === entity)?.name;
  if (!table) throw new Error(`${entity.name} is not an entity with a table name`);
  const columns = new Map<keyof E & string, ColumnInfo>();
  for (const c of storage.columns.filter((col) => col.target === entity)) {
    const type = String(c.options.type);
    columns.set(c.propertyName as keyof E & string, { name: c.options.name ?? c.propertyName, type: c.options.array ? `${type}[]` : type });
  }
  const info: EntityTable<E> = {
    table,
    columns,
    selectList: (alias) => [...columns].map(([prop, col]) => `${alias ? `${alias}.` : ''}${col.name} AS "${prop}"`).join(', '),
  };
  cache.set(entity, info as EntityTable<unknown>);
  return info;
}

export function columnOf<E>(t: EntityTable<E>, prop: keyof E & string): ColumnInfo {
  const c = t.columns.get(prop);
  if (!c) throw new Error(`${t.table} has no column for ${prop}`);
  return c;
}
