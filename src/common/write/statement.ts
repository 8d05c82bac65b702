import { columnOf, type EntityClass, entityTable } from './entity-table.js';

/** An SQL expression whose values are already placeholders of one statement (a step's column, a cast value). */
export class Sql {
  constructor(readonly text: string) {}
}

/**
 * A step of a composite statement: one data-modifying or locking CTE. Callers hold steps as typed handles and
 * never write a CTE's name; `col` names one of its output columns for use in later steps.
 */
export class Step<Row> {
  /** @internal */
  constructor(readonly name: string, private readonly columnName: (k: keyof Row & string) => string) {}

  col(k: keyof Row & string): Sql {
    return new Sql(`${this.name}.${this.columnName(k)}`);
  }
}

/** A value for an entity column: a JavaScript value (sent as a typed parameter) or an expression over earlier steps. */
export type Values<E> = { [K in keyof E]?: E[K] | Sql };

export interface StepOptions {
  /** Steps that must each have returned a row for this one to write (a lock, a version check, an idempotency key). */
  guard?: readonly Step<unknown>[];
  /** What the step returns: the whole row (default: for later steps and the answer), or only a marker row. */
  returning?: 'row' | 'marker';
}

/**
 * Several writes as ONE SQL statement (data-modifying CTEs): one round trip, and atomic on its own, since a single
 * statement outside a transaction commits or fails whole. Tables, columns and parameter types come from the
 * entities (entity-table.ts). The generated SQL of every writer is snapshot-tested (write/statement.spec.ts).
 */
export class Statement {
  readonly params: unknown[] = [];
  private readonly parts: string[] = [];

  /** A parameter placeholder, cast to `type` when given. JSON is sent as text (pg would turn an array into a PostgreSQL array). */
  param(value: unknown, type?: string): Sql {
    this.params.push(type === 'jsonb' && value !== null && value !== undefined ? JSON.stringify(value) : value);
    return new Sql(type ? `$${this.params.length}::${type}` : `$${this.params.length}`);
  }

  /**
   * A fragment of SQL with values: an interpolated `Sql` (a step column, another fragment) is inlined, anything
   * else becomes a parameter. Write casts where PostgreSQL cannot infer a type: sql`id = ${id}::uuid`.
   */
  sql(strings: TemplateStringsArray, ...values: unknown[]): Sql {
    let text = strings[0];
    values.forEach((v, i) => {
      text += (v instanceof Sql ? v.text : this.param(v).text) + strings[i + 1];
    });
    return new Sql(text);
  }

  /** A step written by hand (a SELECT that locks and checks, typically), its output columns named as in `Row`. */
  select<Row>(query: Sql): Step<Row> {
    return this.add<Row>(query.text, (k) => `"${k}"`);
  }

  /** Inserts one row of `entity`; returns the row's columns (as entity properties) to later steps and the answer. */
  insert<E>(entity: EntityClass<E>, values: Values<E>, opts: StepOptions & { onConflictDoNothing?: boolean } = {}): Step<E> {
    const t = entityTable(entity);
    const entries = Object.entries(values).filter(([, v]) => v !== undefined) as [keyof E & string, unknown][];
    const columns = entries.map(([k]) => columnOf(t, k).name).join(', ');
    const exprs = entries.map(([k, v]) => this.valueFor(v, columnOf(t, k).type)).join(', ');
    const guards = this.guardNames(opts.guard);
    return this.add<E>(
      `INSERT INTO ${t.table} (${columns}) SELECT ${exprs}${guards ? ` FROM ${guards}` : ''}`
        + `${opts.onConflictDoNothing ? ' ON CONFLICT DO NOTHING' : ''} RETURNING ${opts.returning === 'marker' ? '1 AS "written"' : t.selectList()}`,
      (k) => `"${k}"`,
    );
  }

  /** Updates the rows of `entity` matching `where` (which may name `table` as the alias `t`); returns them as entities. */
  update<E>(entity: EntityClass<E>, set: Values<E>, where: Sql, opts: StepOptions = {}): Step<E> {
    const t = entityTable(entity);
    const assignments = (Object.entries(set).filter(([, v]) => v !== undefined) as [keyof E & string, unknown][])
      .map(([k, v]) => `${columnOf(t, k).name} = ${this.valueFor(v, columnOf(t, k).type)}`).join(', ');
    const guards = this.guardNames(opts.guard);
    return this.add<E>(
      `UPDATE ${t.table} t SET ${assignments}${guards ? ` FROM ${guards}` : ''} WHERE ${where.text} RETURNING ${opts.returning === 'marker' ? '1 AS "written"' : t.selectList('t')}`,
      (k) => `"${k}"`,
    );
  }

  /** The whole statement, ending in `final` (a SELECT over the steps). */
  text(final: Sql): string {
    return this.parts.length ? `WITH ${this.parts.join(',\n')}\n${final.text}` : final.text;
  }

  private valueFor(v: unknown, type: string): string {
    return v instanceof Sql ? v.text : this.param(v, type).text;
  }

  private guardNames(guard: readonly Step<unknown>[] | undefined): string {
    return [...new Set((guard ?? []).map((g) => g.name))].join(', ');
  }

  private add<Row>(body: string, columnName: (k: keyof Row & string) => string): Step<Row> {
    const step = new Step<Row>(`s${this.parts.length + 1}`, columnName);
    this.parts.push(`${step.name} AS (${body})`);
    return step;
  }
}
