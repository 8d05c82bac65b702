import pg from 'pg';

/** Builds a parameterised WHERE clause: every `?` in a fragment becomes the fragment's one placeholder. */
export class SqlWhere {
  readonly params: unknown[] = [];
  private readonly clauses: string[] = [];

  constructor(first?: string, ...values: unknown[]) {
    if (first) this.raw(first, ...values);
  }

  /** A fragment that already uses $n placeholders for the given values (numbered from the next free one). */
  raw(sql: string, ...values: unknown[]): this {
    const base = this.params.length;
    this.params.push(...values);
    this.clauses.push(sql.replace(/\$(\d+)/g, (_, n) => `$${base + Number(n)}`));
    return this;
  }

  /** A fragment whose placeholders were already taken with `param` (kept as written). */
  clause(sql: string): this {
    this.clauses.push(sql);
    return this;
  }

  add(sql: string, value: unknown): this {
    if (value === undefined) return this;
    this.params.push(value);
    this.clauses.push(sql.replaceAll('?', `$${this.params.length}`));
    return this;
  }

  /** Appends a value and returns its placeholder, for LIMIT and the like. */
  param(value: unknown): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }

  toString(): string {
    return this.clauses.length ? this.clauses.join(' AND ') : 'TRUE';
  }

  /**
   * `sql` with its $n placeholders replaced by these params as quoted literals, for the one statement that takes no
   * parameters: COPY. Quoted as PostgreSQL reads a bound parameter's text (`pg.escapeLiteral`, arrays as array
   * literals for the `::uuid[]`/`::text[]` casts that follow them), so the statement means the same as bound.
   */
  inline(sql: string): string {
    return sql.replace(/\$(\d+)\b/g, (_, n: string) => literal(this.params[Number(n) - 1]));
  }
}

function literal(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (Array.isArray(value)) return pg.escapeLiteral(`{${value.map((v) => `"${String(v).replace(/[\\"]/g, '\\$&')}"`).join(',')}}`);
  if (value instanceof Date) return pg.escapeLiteral(value.toISOString());
  if (typeof value === 'string' || typeof value === 'boolean') return pg.escapeLiteral(String(value));
  throw new Error(`SqlWhere.inline: cannot write ${typeof value} as a literal`);
}
