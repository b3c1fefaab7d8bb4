import { createHash, createPublicKey, randomBytes, randomUUID, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SecretBox } from '../../platform/crypto.js';
import {
  CredentialVerificationError,
  OB_CONTEXT_V3,
  VC_CONTEXT_V2,
  buildOpenBadgeCredential,
  generateSigningKey,
  openPrivateJwk,
  publicJwks,
  sealPrivateJwk,
  signCredentialJwt,
  verifyCredentialJwt,
  type OpenBadgeCredentialInput,
  type SigningKeyMaterial,
} from './signing.js';

const ISSUER = 'https://waymark.example.org';

function input(overrides: Partial<OpenBadgeCredentialInput> = {}): OpenBadgeCredentialInput {
  return {
    credentialId: randomUUID(),
    number: 'WM-2026-000123',
    issuerUrl: ISSUER,
    issuerName: 'Waymark Mental Health Institute',
    recipientName: 'José Ñúñez',
    pathwayCode: 'tf-cbt-cert',
    pathwayName: 'TF-CBT Clinical Certification',
    pathwayDescription: 'Completion of the Trauma-Focused CBT training pathway.',
    criteriaNarrative: 'Completed 12 modules, 12 consultation calls and 2 case reviews.',
    validFrom: new Date('2024-03-14T15:09:26.535Z'),
    validUntil: new Date('2099-03-14T00:00:00Z'),
    verifyUrl: `${ISSUER}/verify/abc`,
    ...overrides,
  };
}

function decodePart(part: string | undefined): Record<string, unknown> {
  return JSON.parse(Buffer.from(part ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
}

/** Verifies a compact JWS with node:crypto alone, as any third party could: no jose involved. */
function nodeVerifies(jwt: string, publicJwk: SigningKeyMaterial['publicJwk']): boolean {
  const [header, payload, signature] = jwt.split('.');
  const key = createPublicKey({
    key: { kty: publicJwk.kty, crv: publicJwk.crv, x: publicJwk.x },
    format: 'jwk',
  });
  return verify(null, Buffer.from(`${header}.${payload}`), key, Buffer.from(signature ?? '', 'base64url'));
}

async function rejection(promise: Promise<unknown>): Promise<CredentialVerificationError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CredentialVerificationError);
  return error as CredentialVerificationError;
}

describe('signing keys', () => {
  it('are Ed25519 keys whose kid is the RFC 7638 thumbprint of the public key', async () => {
    const key = await generateSigningKey();
    expect(key.publicJwk).toMatchObject({
      kty: 'OKP',
      crv: 'Ed25519',
      kid: key.kid,
      alg: 'EdDSA',
      use: 'sig',
    });
    expect(key.publicJwk.d).toBeUndefined();
    expect(typeof key.privateJwk.d).toBe('string');
    const canonical = JSON.stringify({ crv: 'Ed25519', kty: 'OKP', x: key.publicJwk.x });
    expect(key.kid).toBe(createHash('sha256').update(canonical).digest('base64url'));
    expect((await generateSigningKey()).kid).not.toBe(key.kid);
  });

  it('seal the private key with the SecretBox so that the stored text does not reveal it', async () => {
    const key = await generateSigningKey();
    const box = new SecretBox(randomBytes(32));
    const sealed = sealPrivateJwk(key.privateJwk, box);
    expect(sealed).not.toContain(key.privateJwk.d);
    expect(sealed).not.toContain(key.publicJwk.x);
    expect(openPrivateJwk(sealed, box)).toEqual(key.privateJwk);
    expect(() => openPrivateJwk(sealed, new SecretBox(randomBytes(32)))).toThrow();
    expect(() => sealPrivateJwk(key.publicJwk, box)).toThrow(/private key/);
  });

  it('publish only public members, even when handed a private key by mistake', async () => {
    const a = await generateSigningKey();
    const b = await generateSigningKey();
    const jwks = publicJwks([{ publicJwk: a.publicJwk }, { publicJwk: b.privateJwk }]);
    expect(jwks.keys.map((k) => k.kid)).toEqual([a.kid, b.kid]);
    expect(JSON.stringify(jwks)).not.toContain(b.privateJwk.d);
    for (const k of jwks.keys)
      expect(Object.keys(k).sort()).toEqual(['alg', 'crv', 'kid', 'kty', 'use', 'x']);
  });
});

describe('Open Badges 3.0 credential', () => {
  it('is a VC 2.0 OpenBadgeCredential naming the recipient without an e-mail address', () => {
    const data = input();
    const vc = buildOpenBadgeCredential(data);
    expect(vc['@context']).toEqual([VC_CONTEXT_V2, OB_CONTEXT_V3]);
    expect(vc.type).toEqual(['VerifiableCredential', 'OpenBadgeCredential']);
    expect(vc.id).toBe(`urn:uuid:${data.credentialId}`);
    expect(vc.issuer).toEqual({ id: ISSUER, type: ['Profile'], name: 'Waymark Mental Health Institute' });
    expect(vc.validFrom).toBe('2024-03-14T15:09:26Z');
    expect(vc.validUntil).toBe('2099-03-14T00:00:00Z');
    expect(vc.credentialSubject.identifier).toEqual([
      { type: 'IdentityObject', identityType: 'name', hashed: false, identityHash: 'José Ñúñez' },
    ]);
    expect(vc.credentialSubject.achievement).toEqual({
      id: `${ISSUER}/achievements/tf-cbt-cert`,
      type: ['Achievement'],
      achievementType: 'Certificate',
      name: 'TF-CBT Clinical Certification',
      description: 'Completion of the Trauma-Focused CBT training pathway.',
      humanCode: 'tf-cbt-cert',
      criteria: { narrative: 'Completed 12 modules, 12 consultation calls and 2 case reviews.' },
    });
    expect(vc.description).toContain('WM-2026-000123');
    expect(vc.description).toContain(`${ISSUER}/verify/abc`);
    expect(JSON.stringify(vc)).not.toMatch(/[\w.]+@[\w-]+\.\w+/);
  });

  it('has no validUntil when the certificate does not expire, and trims a trailing slash off the issuer', () => {
    const vc = buildOpenBadgeCredential(input({ validUntil: null, issuerUrl: `${ISSUER}/` }));
    expect('validUntil' in vc).toBe(false);
    expect(vc.issuer.id).toBe(ISSUER);
  });
});

describe('VC-JWT', () => {
  it('is signed with EdDSA under the key id and verifies with node:crypto, independently of jose', async () => {
    const key = await generateSigningKey();
    const jwt = await signCredentialJwt(buildOpenBadgeCredential(input()), key);
    const [header] = jwt.split('.');
    expect(decodePart(header)).toEqual({ alg: 'EdDSA', typ: 'JWT', kid: key.kid });
    expect(nodeVerifies(jwt, key.publicJwk)).toBe(true);
  });

  it('carries the credential and the registered claims OB 3.0 asks for', async () => {
    const key = await generateSigningKey();
    const data = input();
    const credential = buildOpenBadgeCredential(data);
    const before = Math.floor(Date.now() / 1000);
    const payload = decodePart((await signCredentialJwt(credential, key)).split('.')[1]);
    expect(payload.vc).toEqual(credential);
    expect(payload['@context']).toEqual([VC_CONTEXT_V2, OB_CONTEXT_V3]);
    expect(payload.type).toEqual(['VerifiableCredential', 'OpenBadgeCredential']);
    expect(payload).toMatchObject({
      iss: ISSUER,
      jti: `urn:uuid:${data.credentialId}`,
      sub: `urn:uuid:${data.credentialId}`,
      nbf: Date.parse('2024-03-14T15:09:26Z') / 1000,
      exp: Date.parse('2099-03-14T00:00:00Z') / 1000,
    });
    expect(payload.iat).toBeGreaterThanOrEqual(before);
  });

  it('uses the subject id as sub when there is one, and has no exp without validUntil', async () => {
    const key = await generateSigningKey();
    const credential = buildOpenBadgeCredential(
      input({ validUntil: null, subjectId: 'did:example:clinician-7' }),
    );
    const jwt = await signCredentialJwt(credential, key);
    const payload = decodePart(jwt.split('.')[1]);
    expect(payload.sub).toBe('did:example:clinician-7');
    expect(payload.exp).toBeUndefined();
    const verified = await verifyCredentialJwt(jwt, publicJwks([key]));
    expect(verified.credential.credentialSubject.id).toBe('did:example:clinician-7');
  });

  it('verifies and returns the credential and the key id', async () => {
    const key = await generateSigningKey();
    const credential = buildOpenBadgeCredential(input());
    const jwt = await signCredentialJwt(credential, key);
    const verified = await verifyCredentialJwt(jwt, publicJwks([key]));
    expect(verified.kid).toBe(key.kid);
    expect(verified.credential).toEqual(credential);
    expect(verified.expired).toBe(false);
    expect(verified.payload.jti).toBe(credential.id);
  });

  it('fails both verifiers when the payload is altered', async () => {
    const key = await generateSigningKey();
    const jwt = await signCredentialJwt(buildOpenBadgeCredential(input()), key);
    const [header, payload, signature] = jwt.split('.');
    const altered = decodePart(payload);
    (altered.vc as { name: string }).name = 'Something never earned';
    const tampered = [header, Buffer.from(JSON.stringify(altered)).toString('base64url'), signature].join(
      '.',
    );
    expect(nodeVerifies(tampered, key.publicJwk)).toBe(false);
    expect((await rejection(verifyCredentialJwt(tampered, publicJwks([key])))).reason).toBe('signature');
  });

  it('fails when signed by another key, whether it claims a published key id or its own', async () => {
    const published = await generateSigningKey();
    const other = await generateSigningKey();
    const jwks = publicJwks([published]);
    const credential = buildOpenBadgeCredential(input());

    const impostor = await signCredentialJwt(credential, {
      kid: published.kid,
      privateJwk: other.privateJwk,
    });
    expect(nodeVerifies(impostor, published.publicJwk)).toBe(false);
    expect((await rejection(verifyCredentialJwt(impostor, jwks))).reason).toBe('signature');

    const unknown = await signCredentialJwt(credential, other);
    expect((await rejection(verifyCredentialJwt(unknown, jwks))).reason).toBe('unknown-key');
  });

  it('verifies credentials signed by the old and by the new key after a rotation', async () => {
    const oldKey = await generateSigningKey();
    const newKey = await generateSigningKey();
    const jwks = publicJwks([oldKey, newKey]);
    const fromOld = await signCredentialJwt(buildOpenBadgeCredential(input()), oldKey);
    const fromNew = await signCredentialJwt(buildOpenBadgeCredential(input()), newKey);
    expect((await verifyCredentialJwt(fromOld, jwks)).kid).toBe(oldKey.kid);
    expect((await verifyCredentialJwt(fromNew, jwks)).kid).toBe(newKey.kid);
    expect(nodeVerifies(fromOld, oldKey.publicJwk)).toBe(true);
    expect(nodeVerifies(fromOld, newKey.publicJwk)).toBe(false);
  });

  it('refuses an expired credential unless asked to ignore expiry, then says it expired', async () => {
    const key = await generateSigningKey();
    const jwks = publicJwks([key]);
    const credential = buildOpenBadgeCredential(
      input({ validFrom: new Date('2020-01-01T00:00:00Z'), validUntil: new Date('2022-01-01T00:00:00Z') }),
    );
    const jwt = await signCredentialJwt(credential, key);
    const error = await rejection(verifyCredentialJwt(jwt, jwks));
    expect(error.reason).toBe('expired');
    expect(error.message).toBe('The credential has expired');

    const authentic = await verifyCredentialJwt(jwt, jwks, { ignoreExpiry: true });
    expect(authentic.expired).toBe(true);
    expect(authentic.credential).toEqual(credential);

    const onTime = await verifyCredentialJwt(jwt, jwks, { currentDate: new Date('2021-06-01T00:00:00Z') });
    expect(onTime.expired).toBe(false);
  });

  it('still checks the signature of an expired credential when ignoring expiry', async () => {
    const key = await generateSigningKey();
    const credential = buildOpenBadgeCredential(
      input({ validFrom: new Date('2020-01-01T00:00:00Z'), validUntil: new Date('2022-01-01T00:00:00Z') }),
    );
    const other = await generateSigningKey();
    const forged = await signCredentialJwt(credential, { kid: key.kid, privateJwk: other.privateJwk });
    const error = await rejection(verifyCredentialJwt(forged, publicJwks([key]), { ignoreExpiry: true }));
    expect(error.reason).toBe('signature');
  });

  it('refuses a credential before its validFrom', async () => {
    const key = await generateSigningKey();
    const jwt = await signCredentialJwt(buildOpenBadgeCredential(input()), key);
    const early = verifyCredentialJwt(jwt, publicJwks([key]), {
      currentDate: new Date('2024-01-01T00:00:00Z'),
    });
    expect((await rejection(early)).reason).toBe('not-yet-valid');
  });

  it('calls garbage, unsigned tokens and other algorithms malformed', async () => {
    const key = await generateSigningKey();
    const jwks = publicJwks([key]);
    const credential = buildOpenBadgeCredential(input());
    const encode = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const payload = encode({
      ...credential,
      vc: credential,
      iss: ISSUER,
      jti: credential.id,
      sub: credential.id,
      nbf: 1,
    });
    const unsigned = `${encode({ alg: 'none', kid: key.kid })}.${payload}.`;
    const hmac = `${encode({ alg: 'HS256', kid: key.kid })}.${payload}.c2lnbmF0dXJl`;
    for (const jwt of ['not a jwt', 'a.b.c', unsigned, hmac]) {
      expect((await rejection(verifyCredentialJwt(jwt, jwks))).reason, jwt).toBe('malformed');
    }
  });
});
