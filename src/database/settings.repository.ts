import type { DataSource } from 'typeorm';
import type { SettingEntity } from './setting.entity.js';

/** The SQL of the `settings` table. */
export class SettingsRepository {
  constructor(private readonly ds: DataSource) {}

  /**
   * The stored value of `name`, storing `candidate` first if there is none. When several nodes start together
   * exactly one candidate is stored and every node reads that one: the read is its own statement, so it sees the
   * row a concurrent node committed while this node's insert waited on it.
   */
  async getOrCreate(name: string, candidate: string): Promise<string> {
    await this.ds.query('INSERT INTO settings (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING', [name, candidate]);
    const rows: Pick<SettingEntity, 'value'>[] = await this.ds.query('SELECT value FROM settings WHERE name = $1', [name]);
    return rows[0].value;
  }
}
