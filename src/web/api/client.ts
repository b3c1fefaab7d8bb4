/**
 * The HTTP client for /api/v1: same-origin fetch with the session cookie, the CSRF token on every
 * change, and one error type built from the server's error envelope.
 */

export interface FieldError {
  path: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: FieldError[] = [],
    readonly requestId: string | null = null,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  get isNotFound(): boolean {
    return this.status === 404;
  }
}

export function isApiError(error: unknown, code?: string): error is ApiError {
  return error instanceof ApiError && (code === undefined || error.code === code);
}

const BASE = '/api/v1';
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Endpoints that need no session (and so no CSRF token). */
const PUBLIC_PATHS = [
  '/auth/login',
  '/auth/password-reset',
  '/auth/password-reset/complete',
  '/invitations/preview',
  '/invitations/accept',
];
/** Public endpoints below a prefix: the family form of a one-time link (/forms/<token>). */
const PUBLIC_PREFIXES = ['/forms/'];

let csrfToken: string | null = null;

/** The newest CSRF token: from GET /me, or from a response that renews the session. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export type QueryValue = string | number | boolean | null | undefined;

export interface RequestOptions {
  query?: Record<string, QueryValue>;
  /** A JSON body. */
  body?: unknown;
  /** A raw body (for example a CSV file) with its content type. */
  raw?: { data: BodyInit; contentType: string };
  signal?: AbortSignal;
}

export function buildQuery(query: Record<string, QueryValue> | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue;
    params.set(k, String(v));
  }
  const s = params.toString();
  return s ? `?${s}` : '';
}

async function refreshCsrfToken(): Promise<void> {
  try {
    const res = await fetch(`${BASE}/me`, {
      credentials: 'same-origin',
      headers: { accept: 'application/json' },
    });
    if (res.ok) {
      const me = (await res.json()) as { csrfToken?: string };
      if (me.csrfToken) csrfToken = me.csrfToken;
    }
  } catch {
    // The request that needed the token reports the problem.
  }
}

async function toApiError(res: Response): Promise<ApiError> {
  let envelope: { error?: { code?: string; message?: string; details?: FieldError[]; requestId?: string } } =
    {};
  try {
    envelope = (await res.json()) as typeof envelope;
  } catch {
    // Not JSON (a proxy error page, for example).
  }
  const e = envelope.error;
  const fallback =
    res.status === 429
      ? 'Too many attempts. Please wait a moment and try again.'
      : res.status >= 500
        ? 'Something went wrong on our side. Please try again.'
        : `The request failed (${res.status}).`;
  return new ApiError(
    res.status,
    e?.code ?? (res.status === 404 ? 'NOT_FOUND' : `HTTP_${res.status}`),
    e?.message ?? fallback,
    e?.details ?? [],
    e?.requestId ?? null,
  );
}

export async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const unsafe = UNSAFE.has(method);
  const isPublic = PUBLIC_PATHS.includes(path) || PUBLIC_PREFIXES.some((p) => path.startsWith(p));
  if (unsafe && !isPublic && !csrfToken) await refreshCsrfToken();

  const send = async (): Promise<Response> => {
    const headers: Record<string, string> = { accept: 'application/json' };
    let body: BodyInit | undefined;
    if (options.raw) {
      headers['content-type'] = options.raw.contentType;
      body = options.raw.data;
    } else if (options.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.body);
    }
    if (unsafe && csrfToken) headers['x-csrf-token'] = csrfToken;
    return fetch(`${BASE}${path}${buildQuery(options.query)}`, {
      method,
      headers,
      body,
      credentials: 'same-origin',
      signal: options.signal,
    });
  };

  let res: Response;
  try {
    res = await send();
    if (res.status === 403 && unsafe && !isPublic) {
      const err = await toApiError(res.clone());
      if (err.code === 'CSRF_FAILED') {
        // The token may be stale (another tab renewed the session): fetch the current one, retry once.
        await refreshCsrfToken();
        res = await send();
      }
    }
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, 'NETWORK', 'We could not reach the server. Check your connection and try again.');
  }

  if (!res.ok) throw await toApiError(res);
  if (res.status === 204) return undefined as T;
  const data = (await res.json()) as T;
  const renewed = (data as { csrfToken?: unknown } | null)?.csrfToken;
  if (typeof renewed === 'string') csrfToken = renewed;
  return data;
}

export const api = {
  get: <T>(path: string, query?: Record<string, QueryValue>, signal?: AbortSignal) =>
    request<T>('GET', path, { query, signal }),
  post: <T>(path: string, body?: unknown, query?: Record<string, QueryValue>) =>
    request<T>('POST', path, { body, query }),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, { body }),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, { body }),
  delete: <T>(path: string) => request<T>('DELETE', path),
  upload: <T>(path: string, data: BodyInit, contentType: string, query?: Record<string, QueryValue>) =>
    request<T>('POST', path, { raw: { data, contentType }, query }),
};

/** Splits an error into messages for known form fields and one message for the rest. */
export function formErrors(
  error: unknown,
  fields: readonly string[],
): { fields: Record<string, string>; message: string | null } {
  if (!error) return { fields: {}, message: null };
  if (!(error instanceof ApiError)) {
    return { fields: {}, message: error instanceof Error ? error.message : 'Something went wrong.' };
  }
  const byField: Record<string, string> = {};
  const rest: string[] = [];
  for (const d of error.details) {
    const key = d.path.split('.')[0] ?? '';
    if (fields.includes(key) && !byField[key]) byField[key] = d.message;
    else rest.push(d.path ? `${d.path}: ${d.message}` : d.message);
  }
  if (Object.keys(byField).length === 0) return { fields: {}, message: error.message };
  return { fields: byField, message: rest.length > 0 ? rest.join(' ') : null };
}

/** "must be at least 12 characters" -> "Must be at least 12 characters." */
export function sentence(fragment: string): string {
  const s = fragment.trim();
  if (!s) return s;
  const first = s.charAt(0).toUpperCase() + s.slice(1);
  return /[.!?]$/.test(first) ? first : `${first}.`;
}
