/**
 * The signed-in user, available to every page inside the app shell, with the questions pages ask
 * about roles and scope.
 */
import { createContext, useContext, useMemo, type ReactNode } from 'react';
import type { Role, TMeResponse } from '../../api/types';

export interface Place {
  id: string;
  name: string;
}

export interface Session {
  me: TMeResponse;
  roles: ReadonlySet<Role>;
  has: (...roles: Role[]) => boolean;
  isAdmin: boolean;
  /** Centers where the user holds one of these roles (deduplicated). */
  centersFor: (...roles: Role[]) => Place[];
  /** Partner organisations where the user holds one of these roles. */
  partnersFor: (...roles: Role[]) => Place[];
  /** Whether the user may manage staff and invitations of this center. */
  canManageCenter: (centerId: string) => boolean;
}

const SessionContext = createContext<Session | null>(null);

export function buildSession(me: TMeResponse): Session {
  const roles = new Set(me.memberships.map((m) => m.role));
  const places = (kind: 'center' | 'partner', wanted: Role[]): Place[] => {
    const seen = new Map<string, string>();
    for (const m of me.memberships) {
      if (!wanted.includes(m.role)) continue;
      const id = kind === 'center' ? m.centerId : m.partnerId;
      const name = kind === 'center' ? m.centerName : m.partnerName;
      if (id && !seen.has(id)) seen.set(id, name ?? 'Unnamed');
    }
    return [...seen].map(([id, name]) => ({ id, name }));
  };
  const isAdmin = roles.has('network_admin');
  return {
    me,
    roles,
    has: (...r) => r.some((x) => roles.has(x)),
    isAdmin,
    centersFor: (...r) => places('center', r),
    partnersFor: (...r) => places('partner', r),
    canManageCenter: (centerId) =>
      isAdmin || me.memberships.some((m) => m.role === 'center_director' && m.centerId === centerId),
  };
}

export function SessionProvider({ me, children }: { me: TMeResponse; children: ReactNode }) {
  const session = useMemo(() => buildSession(me), [me]);
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession must be used inside the signed-in app');
  return s;
}

/** Roles that work in or for the network of centers (may see the directory). */
export const NETWORK_ROLES: Role[] = [
  'network_admin',
  'trainer',
  'center_director',
  'clinician',
  'funder_viewer',
];
/** Roles that manage people: administrators and center directors. */
export const MANAGER_ROLES: Role[] = ['network_admin', 'center_director'];
