import { Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { hashPassword } from '../auth/password.js';

/** The collaboration the bootstrap admin and the demo live in; created once. */
export async function ensureDefaultCollaboration(ds: DataSource, demo: boolean): Promise<string> {
  const [name, municipality] = demo ? ['Trygg i Lidköping', 'Lidköping'] : ['Standardsamverkan', 'Ej angiven'];
  await ds.query(
    'INSERT INTO collaborations (name, municipality, is_default) VALUES ($1,$2,true) ON CONFLICT (is_default) WHERE is_default DO NOTHING',
    [name, municipality],
  );
  const [row] = await ds.query('SELECT id FROM collaborations WHERE is_default');
  return row.id;
}

/** BOOTSTRAP_ADMIN_EMAIL/PASSWORD: a platform admin in the default collaboration, created if no user has that e-mail. */
export async function ensureBootstrapAdmin(ds: DataSource, collaborationId: string, admin: { email: string; password: string }): Promise<void> {
  const [existing] = await ds.query('SELECT id FROM users WHERE lower(email) = lower($1)', [admin.email]);
  if (existing) return;
  const hash = await hashPassword(admin.password);
  await ds.transaction(async (m) => {
    await m.query(
      `INSERT INTO organisations (collaboration_id, name, kind) VALUES ($1, 'Lägesbild förvaltning', 'other') ON CONFLICT DO NOTHING`,
      [collaborationId],
    );
    const [org] = await m.query(`SELECT id FROM organisations WHERE collaboration_id = $1 AND lower(name) = lower('Lägesbild förvaltning')`, [collaborationId]);
    await m.query(
      `INSERT INTO users (collaboration_id, organisation_id, email, name, role, password_hash, platform_admin)
       VALUES ($1,$2,$3,'Administratör','admin',$4,true) ON CONFLICT DO NOTHING`,
      [collaborationId, org.id, admin.email, hash],
    );
    await m.query(`INSERT INTO audit_log (collaboration_id, action, entity_type, details) VALUES ($1,'user.bootstrap_admin','user',$2)`, [
      collaborationId, { email: admin.email },
    ]);
  });
  new Logger('Bootstrap').log(`created the bootstrap admin ${admin.email}`);
}
