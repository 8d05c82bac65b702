import { afterEach, describe, expect, it } from '@jest/globals';
import { configurePasswordHashing, DEFAULT_PASSWORD_HASH_COST, hashPassword, verifyPassword } from './password.js';

describe('password hashes', () => {
  afterEach(() => configurePasswordHashing(DEFAULT_PASSWORD_HASH_COST));

  it('are argon2id at 64 MiB and three passes by default', async () => {
    expect(await hashPassword('sju blå tunnor vid hamnen')).toMatch(/^\$argon2id\$v=19\$m=65536,p=4,t=3\$/);
  });

  it('are made at the configured cost, and a hash of any cost still verifies', async () => {
    const strong = await hashPassword('sju blå tunnor vid hamnen');
    configurePasswordHashing({ memoryKib: 4096, timeCost: 1 });
    const light = await hashPassword('sju blå tunnor vid hamnen');
    expect(light).toMatch(/^\$argon2id\$v=19\$m=4096,p=4,t=1\$/);
    expect([await verifyPassword(strong, 'sju blå tunnor vid hamnen'), await verifyPassword(light, 'sju blå tunnor vid hamnen')]).toEqual([true, true]);
    expect(await verifyPassword(light, 'sju blå tunnor vid hamnen!')).toBe(false);
  });
});
