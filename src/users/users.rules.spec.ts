import { describe, expect, it } from '@jest/globals';
import type { Role } from '#contracts';
import { assertMayManage, assertNotSelfLockout } from './users.rules.js';

const actor = (role: Role, organisationId = 'o1', platformAdmin = false) => ({ id: 'me', role, organisationId, platformAdmin });
const user = (role: Role, organisationId = 'o1', platformAdmin = false) => ({ id: 'u', role, organisationId, platformAdmin });
const allowed = (f: () => void) => {
  try {
    f();
    return true;
  } catch {
    return false;
  }
};

describe('who manages whom', () => {
  it("lets an organisation's admin manage its own organisation's users only", () => {
    expect(allowed(() => assertMayManage(actor('admin'), user('member')))).toBe(true);
    expect(allowed(() => assertMayManage(actor('admin'), user('admin'), 'coordinator'))).toBe(true);
    expect(allowed(() => assertMayManage(actor('admin'), user('member', 'o2')))).toBe(false);
    expect(allowed(() => assertMayManage(actor('admin'), user('coordinator', 'o2')))).toBe(false);
  });

  it('keeps collaboration admins and platform admins out of reach of lower roles', () => {
    expect(allowed(() => assertMayManage(actor('admin'), user('collaboration_admin')))).toBe(false);
    expect(allowed(() => assertMayManage(actor('admin'), user('member'), 'collaboration_admin'))).toBe(false);
    expect(allowed(() => assertMayManage(actor('collaboration_admin'), user('admin', 'o2'), 'collaboration_admin'))).toBe(true);
    expect(allowed(() => assertMayManage(actor('collaboration_admin'), user('admin', 'o2', true)))).toBe(false);
    expect(allowed(() => assertMayManage(actor('admin', 'o9', true), user('admin', 'o2', true)))).toBe(true);
  });

  it('refuses members and coordinators', () => {
    for (const role of ['member', 'coordinator'] as const) expect(allowed(() => assertMayManage(actor(role), user('member')))).toBe(false);
  });

  it('never lets anyone disable or demote themselves', () => {
    expect(allowed(() => assertNotSelfLockout(actor('admin'), 'me', { disabled: true }))).toBe(false);
    expect(allowed(() => assertNotSelfLockout(actor('admin'), 'me', { role: 'member' }))).toBe(false);
    expect(allowed(() => assertNotSelfLockout(actor('collaboration_admin'), 'me', { role: 'admin' }))).toBe(false);
    expect(allowed(() => assertNotSelfLockout(actor('admin'), 'me', { role: 'admin', disabled: false }))).toBe(true);
    expect(allowed(() => assertNotSelfLockout(actor('admin'), 'other', { disabled: true }))).toBe(true);
  });
});
