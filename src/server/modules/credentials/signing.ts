/**
 * Ed25519 signing keys and Open Badges 3.0 credentials signed as VC-JWTs (OB 3.0 §8.2, "JSON Web
 * Token Proof Format"). Pure: no database; the service stores keys and decides what to sign.
 *
 * Keys: the key id (`kid`) is the RFC 7638 thumbprint of the public key, so it can be recomputed
 * from the key itself. Private keys are kept only sealed with the server's SecretBox.
 *
 * Surprises, on purpose:
 * - The JWT payload carries the credential twice: its members at the top level (what the final
 *   OB 3.0 text asks for with VC Data Model 2.0) and under the `vc` claim (the VC Data Model 1.1
 *   form many verifiers still read first). Both are the same object, so either reading agrees.
 * - `validFrom`/`validUntil` are truncated to whole seconds, because OB 3.0 verifiers compare them
 *   for equality with the `nbf`/`exp` claims, which are whole seconds.
 * - The recipient is named in `credentialSubject.identifier` as an unhashed IdentityObject of type
 *   `name` (the OB 3.0 way to identify a subject without an `id`); no e-mail address is ever put in
 *   a credential. The certificate number and the verification page are given in `description`,
 *   which wallets show, because OB 3.0 defines no credential-level field for either.
 */
import {
  SignJWT,
  calculateJwkThumbprint,
  createLocalJWKSet,
  decodeProtectedHeader,
  errors,
  exportJWK,
  generateKeyPair,
  importJWK,
  jwtVerify,
  type JWK,
  type JWTPayload,
} from 'jose';
import type { SecretBox } from '../../platform/crypto.js';

export const VC_CONTEXT_V2 = 'https://www.w3.org/ns/credentials/v2';
export const OB_CONTEXT_V3 = 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json';
const ALG = 'EdDSA';

export interface SigningKeyMaterial {
  kid: string;
  publicJwk: JWK;
  privateJwk: JWK;
}

export interface OpenBadgeCredential {
  '@context': string[];
  id: string;
  type: string[];
  issuer: { id: string; type: string[]; name: string };
  name: string;
  description: string;
  validFrom: string;
  validUntil?: string;
  credentialSubject: {
    id?: string;
    type: string[];
    identifier: { type: 'IdentityObject'; identityType: 'name'; hashed: false; identityHash: string }[];
    achievement: {
      id: string;
      type: string[];
      achievementType: 'Certificate';
      name: string;
      description: string;
      humanCode: string;
      criteria: { narrative: string };
    };
  };
}

export interface OpenBadgeCredentialInput {
  credentialId: string;
  number: string;
  issuerUrl: string;
  issuerName: string;
  recipientName: string;
  pathwayCode: string;
  pathwayName: string;
  pathwayDescription: string;
  criteriaNarrative: string;
  validFrom: Date;
  validUntil: Date | null;
  verifyUrl: string;
  /** A URI for the clinician (DID, or a pseudonymous urn:uuid); becomes `credentialSubject.id` and `sub`. */
  subjectId?: string;
}

/** A new Ed25519 key pair; the public JWK carries kid, alg and use as published in the JWKS. */
export async function generateSigningKey(): Promise<SigningKeyMaterial> {
  const { publicKey, privateKey } = await generateKeyPair(ALG, { crv: 'Ed25519', extractable: true });
  const exportedPublic = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(exportedPublic, 'sha256');
  return {
    kid,
    publicJwk: { ...exportedPublic, kid, alg: ALG, use: 'sig' },
    privateJwk: { ...(await exportJWK(privateKey)), kid, alg: ALG },
  };
}

export function sealPrivateJwk(privateJwk: JWK, box: SecretBox): string {
  assertEd25519PrivateKey(privateJwk);
  return box.seal(JSON.stringify(privateJwk));
}

export function openPrivateJwk(sealed: string, box: SecretBox): JWK {
  const jwk: unknown = JSON.parse(box.open(sealed));
  if (typeof jwk !== 'object' || jwk === null) throw new Error('The sealed value is not a JSON Web Key');
  assertEd25519PrivateKey(jwk);
  return jwk;
}

/** The public key set to publish: only public members survive, even if a private JWK is passed in. */
export function publicJwks(keys: { publicJwk: JWK }[]): { keys: JWK[] } {
  return {
    keys: keys.map(({ publicJwk: k }) => {
      const out: JWK = { kty: k.kty, crv: k.crv, x: k.x, kid: k.kid, alg: k.alg ?? ALG, use: k.use ?? 'sig' };
      return JSON.parse(JSON.stringify(out)) as JWK; // drops undefined members
    }),
  };
}

export function buildOpenBadgeCredential(input: OpenBadgeCredentialInput): OpenBadgeCredential {
  const issuerUrl = input.issuerUrl.replace(/\/+$/, '');
  const description =
    `Certificate ${input.number}, issued by ${input.issuerName} to ${input.recipientName} for ` +
    `completing ${input.pathwayName}. Verify it at ${input.verifyUrl}`;
  return {
    '@context': [VC_CONTEXT_V2, OB_CONTEXT_V3],
    id: `urn:uuid:${input.credentialId}`,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    issuer: { id: issuerUrl, type: ['Profile'], name: input.issuerName },
    name: input.pathwayName,
    description,
    validFrom: isoSeconds(input.validFrom),
    ...(input.validUntil ? { validUntil: isoSeconds(input.validUntil) } : {}),
    credentialSubject: {
      ...(input.subjectId ? { id: input.subjectId } : {}),
      type: ['AchievementSubject'],
      identifier: [
        { type: 'IdentityObject', identityType: 'name', hashed: false, identityHash: input.recipientName },
      ],
      achievement: {
        id: `${issuerUrl}/achievements/${encodeURIComponent(input.pathwayCode)}`,
        type: ['Achievement'],
        achievementType: 'Certificate',
        name: input.pathwayName,
        description: input.pathwayDescription,
        humanCode: input.pathwayCode,
        criteria: { narrative: input.criteriaNarrative },
      },
    },
  };
}

/**
 * Signs a credential as a compact JWS. Header: alg EdDSA, typ JWT, kid. Claims: iss = issuer.id,
 * jti = id, nbf = validFrom, exp = validUntil (when it has one), iat = now, and sub =
 * credentialSubject.id, or the credential's own id when the subject has none (OB 3.0 makes `sub`
 * required but does not say what it is without a subject id).
 */
export async function signCredentialJwt(
  credential: OpenBadgeCredential,
  key: { kid: string; privateJwk: JWK },
): Promise<string> {
  assertEd25519PrivateKey(key.privateJwk);
  const privateKey = await importJWK(key.privateJwk, ALG);
  const jwt = new SignJWT({ ...credential, vc: credential })
    .setProtectedHeader({ alg: ALG, typ: 'JWT', kid: key.kid })
    .setIssuer(credential.issuer.id)
    .setJti(credential.id)
    .setSubject(credential.credentialSubject.id ?? credential.id)
    .setNotBefore(toSeconds(credential.validFrom))
    .setIssuedAt();
  if (credential.validUntil) jwt.setExpirationTime(toSeconds(credential.validUntil));
  return jwt.sign(privateKey);
}

export type CredentialVerificationReason =
  'malformed' | 'unknown-key' | 'signature' | 'expired' | 'not-yet-valid';

const MESSAGES: Record<CredentialVerificationReason, string> = {
  malformed: 'This is not a well-formed signed credential',
  'unknown-key': 'The credential was signed with a key this issuer does not publish',
  signature: 'The signature does not match the credential: it was altered or signed by someone else',
  expired: 'The credential has expired',
  'not-yet-valid': 'The credential is not valid yet',
};

export class CredentialVerificationError extends Error {
  constructor(
    readonly reason: CredentialVerificationReason,
    options?: { cause?: unknown },
  ) {
    super(MESSAGES[reason], options);
    this.name = 'CredentialVerificationError';
  }
}

export interface VerifiedCredential {
  payload: JWTPayload;
  kid: string;
  credential: OpenBadgeCredential;
  /** True only with `ignoreExpiry`: the signature is good but validUntil has passed. */
  expired: boolean;
}

/**
 * Verifies signature (against the given key set, EdDSA only), dates and the OB 3.0 claim
 * consistency. With `ignoreExpiry`, an authentic but expired credential is returned with
 * `expired: true` so a verification page can say "expired, but genuine".
 */
export async function verifyCredentialJwt(
  jwt: string,
  jwks: { keys: JWK[] },
  options: { currentDate?: Date; ignoreExpiry?: boolean } = {},
): Promise<VerifiedCredential> {
  let kid: unknown;
  try {
    kid = decodeProtectedHeader(jwt).kid;
  } catch (cause) {
    throw new CredentialVerificationError('malformed', { cause });
  }
  if (typeof kid !== 'string' || kid === '') throw new CredentialVerificationError('malformed');
  if (!jwks.keys.some((k) => k.kid === kid)) throw new CredentialVerificationError('unknown-key');

  let payload: JWTPayload;
  let expired = false;
  try {
    ({ payload } = await jwtVerify(jwt, createLocalJWKSet(jwks), {
      algorithms: [ALG],
      requiredClaims: ['iss', 'jti', 'nbf', 'sub'],
      ...(options.currentDate ? { currentDate: options.currentDate } : {}),
    }));
  } catch (error) {
    // jose checks the signature and nbf before exp, so an expiry error means everything else held.
    if (options.ignoreExpiry && error instanceof errors.JWTExpired && error.claim === 'exp') {
      payload = error.payload;
      expired = true;
    } else {
      throw new CredentialVerificationError(reasonFor(error), { cause: error });
    }
  }
  return { payload, kid, credential: credentialOf(payload), expired };
}

function reasonFor(error: unknown): CredentialVerificationReason {
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'signature';
  if (error instanceof errors.JWTExpired) return 'expired';
  if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys) {
    return 'unknown-key';
  }
  if (
    error instanceof errors.JWTClaimValidationFailed &&
    error.claim === 'nbf' &&
    error.reason === 'check_failed'
  ) {
    return 'not-yet-valid';
  }
  return 'malformed';
}

/** The credential inside a verified payload, checked against the registered claims (OB 3.0 §8.2). */
function credentialOf(payload: JWTPayload): OpenBadgeCredential {
  const candidate = isCredential(payload.vc) ? payload.vc : isCredential(payload) ? payload : null;
  if (!candidate) throw new CredentialVerificationError('malformed');
  const consistent =
    payload.iss === candidate.issuer.id &&
    payload.jti === candidate.id &&
    payload.sub === (candidate.credentialSubject.id ?? candidate.id) &&
    payload.nbf === toSeconds(candidate.validFrom) &&
    payload.exp === (candidate.validUntil ? toSeconds(candidate.validUntil) : undefined);
  if (!consistent) throw new CredentialVerificationError('malformed');
  return candidate;
}

function isCredential(value: unknown): value is OpenBadgeCredential {
  if (typeof value !== 'object' || value === null) return false;
  const c = value as Partial<OpenBadgeCredential>;
  return (
    Array.isArray(c.type) &&
    c.type.includes('OpenBadgeCredential') &&
    typeof c.id === 'string' &&
    typeof c.issuer?.id === 'string' &&
    typeof c.validFrom === 'string' &&
    typeof c.credentialSubject === 'object' &&
    c.credentialSubject !== null
  );
}

function assertEd25519PrivateKey(jwk: JWK): asserts jwk is JWK & { d: string; x: string } {
  const ok =
    jwk.kty === 'OKP' && jwk.crv === 'Ed25519' && typeof jwk.x === 'string' && typeof jwk.d === 'string';
  if (!ok) throw new Error('Not an Ed25519 private key');
}

/** ISO 8601 date-time in UTC without fractional seconds: 2026-03-14T15:09:26Z. */
function isoSeconds(date: Date): string {
  return new Date(Math.floor(date.getTime() / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

function toSeconds(iso: string): number {
  return Math.floor(Date.parse(iso) / 1000);
}
