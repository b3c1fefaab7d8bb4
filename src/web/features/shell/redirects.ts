/**
 * Where to send someone who must sign in, and where to send them back afterwards.
 */
export type LoginNotice = 'sessionEnded' | 'signedOut' | 'passwordChanged';

/** Only same-site paths are followed after sign-in. */
export function safeNext(next: string | null | undefined): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  if (/^\/(login|mfa|forgot-password|reset-password|invite)(\/|$|\?)/.test(next)) return '/';
  return next;
}

export function withNext(path: string, next: string): string {
  const target = safeNext(next);
  return target === '/' ? path : `${path}?next=${encodeURIComponent(target)}`;
}

export const PUBLIC_PATHS = [
  '/login',
  '/forgot-password',
  '/reset-password',
  '/invite',
  '/mfa',
  '/mfa/setup',
  '/form',
];

/** Public pages below a prefix (credential verification: /verify and /verify/<number>). */
export const PUBLIC_PREFIXES = ['/verify'];

export function isPublicPath(pathname: string): boolean {
  const path = pathname.replace(/\/$/, '') || '/';
  return PUBLIC_PATHS.includes(path) || PUBLIC_PREFIXES.some((p) => path === p || path.startsWith(`${p}/`));
}
