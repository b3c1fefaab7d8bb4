/**
 * Where a fresh session goes next: the two-step challenge, two-step setup, or the page the person
 * wanted.
 */
import { useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router-dom';
import type { TLoginResponse } from '../../api/types';
import { safeNext, withNext } from '../shell/redirects';

export function useAfterSignIn() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return (response: TLoginResponse, next: string | null) => {
    queryClient.clear();
    const target = safeNext(next);
    if (response.mfaState === 'pending') void navigate(withNext('/mfa', target), { replace: true });
    else if (response.mfaState === 'enrolment_required')
      void navigate(withNext('/mfa/setup', target), { replace: true });
    else void navigate(target, { replace: true });
  };
}

/** Reads "#token=..." from the address: tokens travel in the fragment, never in the query string. */
export function tokenFromHash(hash: string): string | null {
  const token = new URLSearchParams(hash.replace(/^#/, '')).get('token');
  return token && token.length >= 20 ? token : null;
}
