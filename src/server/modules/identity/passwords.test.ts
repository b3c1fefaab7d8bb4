import { describe, expect, it } from 'vitest';
import { PasswordHasher, checkPasswordPolicy } from './passwords.js';

describe('password policy', () => {
  it('accepts a long passphrase with no composition rules', () => {
    expect(checkPasswordPolicy('quiet river stones at dawn')).toEqual([]);
    expect(checkPasswordPolicy('alllowercaseletters')).toEqual([]);
  });

  it('refuses fewer than 12 characters, counting characters rather than bytes', () => {
    expect(checkPasswordPolicy('short-pass1')).toEqual([
      { path: 'password', message: 'must be at least 12 characters' },
    ]);
    expect(checkPasswordPolicy('ñandú-ñandú-')).toEqual([]);
  });

  it('refuses more than 128 characters', () => {
    expect(checkPasswordPolicy('x'.repeat(129) + 'Q1')[0]?.message).toBe('must be at most 128 characters');
  });

  it('refuses passwords from the breached list, whatever their case', () => {
    for (const p of ['password1234', 'qwertyuiop123', 'PASSWORD1234', '123qweasdzxc']) {
      expect(checkPasswordPolicy(p)[0]?.message, p).toMatch(/commonly used or breached/);
    }
  });

  it('refuses one repeated character, the e-mail address and the product name', () => {
    expect(checkPasswordPolicy('aaaaaaaaaaaaaaa')[0]?.message).toMatch(/commonly used/);
    expect(
      checkPasswordPolicy('my-name-is-dana.rivera!', { email: 'dana.rivera@example.org' })[0]?.message,
    ).toBe('must not contain your e-mail address');
    expect(checkPasswordPolicy('Waymark2026!!!')[0]?.message).toMatch(/name of this service/);
  });

  it('names the field it was asked about', () => {
    expect(checkPasswordPolicy('short', { field: 'newPassword' })[0]?.path).toBe('newPassword');
  });
});

describe('PasswordHasher', () => {
  it('produces Argon2id hashes with the OWASP parameters and verifies them', async () => {
    const hasher = new PasswordHasher(2);
    const hash = await hasher.hash('quiet river stones at dawn');
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await hasher.verify(hash, 'quiet river stones at dawn')).toBe(true);
    expect(await hasher.verify(hash, 'quiet river stones at dusk')).toBe(false);
  });

  it('answers false, not an error, for a missing or malformed stored hash', async () => {
    const hasher = new PasswordHasher(1);
    expect(await hasher.verify(null, 'anything at all')).toBe(false);
    expect(await hasher.verify('not-a-hash', 'anything at all')).toBe(false);
  });

  it('runs at most `concurrency` hashes at once and refuses work beyond its queue', async () => {
    const hasher = new PasswordHasher(1, 2);
    let maxActive = 0;
    const watch = setInterval(() => (maxActive = Math.max(maxActive, hasher.stats.active)), 1);
    const jobs = [
      hasher.hash('first passphrase'),
      hasher.hash('second passphrase'),
      hasher.hash('third passphrase'),
    ];
    const overflow = hasher.hash('fourth passphrase');
    await expect(overflow).rejects.toMatchObject({ code: 'UNAVAILABLE', statusCode: 503 });
    await Promise.all(jobs);
    clearInterval(watch);
    expect(maxActive).toBe(1);
    expect(hasher.stats).toEqual({ active: 0, waiting: 0 });
  });
});
