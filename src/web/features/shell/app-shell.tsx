/**
 * The frame of every signed-in page: skip link, header with the wordmark and user menu, the demo
 * banner, navigation for the user's roles, and the main landmark. Moves focus to the page's h1
 * after each navigation so screen readers announce the new page.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { Link, NavLink, useLocation, useNavigate } from 'react-router-dom';
import { ROLE_LABEL } from '../../../shared/roles';
import { api, setCsrfToken } from '../../api/client';
import { Button } from '../../ui/button';
import { ChevronDownIcon, WaymarkLogo } from '../../ui/icons';
import { useToast } from '../../ui/toasts';
import { useFocusOnNavigate } from './focus';
import { NAV_ITEMS } from './nav-items';
import { useSession } from './session';

function initials(name: string): string {
  const words = name
    .replace(/\(.*?\)/g, '')
    .trim()
    .split(/\s+/)
    .filter(Boolean);
  return (
    ((words[0]?.[0] ?? '') + (words.length > 1 ? (words[words.length - 1]?.[0] ?? '') : '')).toUpperCase() ||
    '?'
  );
}

function UserMenu() {
  const { me } = useSession();
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const ref = useRef<HTMLDivElement>(null);
  const { pathname } = useLocation();

  useEffect(() => setOpen(false), [pathname]);
  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent) => {
      if (ref.current && !ref.current.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        setOpen(false);
        ref.current?.querySelector('button')?.focus();
      }
    };
    document.addEventListener('mousedown', onDown);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('mousedown', onDown);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);

  const roles = me.memberships.map((m) => {
    const where = m.centerName ?? m.partnerName;
    return { key: m.id, text: `${ROLE_LABEL[m.role]}${where ? `, ${where}` : ''}` };
  });

  return (
    <div className="user-menu" ref={ref}>
      <button
        type="button"
        className="user-menu-button"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((o) => !o)}
      >
        <span className="avatar" aria-hidden="true">
          {initials(me.user.displayName)}
        </span>
        <span className="user-menu-name">{me.user.displayName}</span>
        <span className="visually-hidden">, account menu</span>
        <ChevronDownIcon size={16} />
      </button>
      {open && (
        <div className="user-menu-panel" id={panelId}>
          <div className="who">
            <strong>{me.user.displayName}</strong>
            <span>{me.user.email}</span>
            <ul>
              {roles.map((r) => (
                <li key={r.key}>{r.text}</li>
              ))}
              {roles.length === 0 && <li>No active role</li>}
            </ul>
          </div>
          <Link className="menu-link" to="/account">
            Account
          </Link>
        </div>
      )}
    </div>
  );
}

function SignOutButton() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const toast = useToast();
  const logout = useMutation({
    mutationFn: () => api.post('/auth/logout'),
    onSuccess: () => {
      setCsrfToken(null);
      queryClient.clear();
      void navigate('/login', { replace: true, state: { notice: 'signedOut' } });
    },
    onError: (e) => toast.error(e.message),
  });
  return (
    <Button size="sm" variant="ghost" onClick={() => logout.mutate()} busy={logout.isPending}>
      Sign out
    </Button>
  );
}

export function AppShell({ children }: { children: ReactNode }) {
  const session = useSession();
  const { me } = session;
  const { pathname } = useLocation();
  useFocusOnNavigate();
  useEffect(() => {
    document.documentElement.lang = 'en';
  }, []);

  const items = NAV_ITEMS.filter((i) => i.roles === 'all' || session.has(...i.roles));
  const main = items.filter((i) => i.section === 'main');
  const admin = items.filter((i) => i.section === 'admin');

  // A page belongs to the nav item with the longest path that contains it, so the planner
  // (/access/planner) lights "Planner" and a center's capacity (/access/centers/...) lights "Access".
  const owner = items
    .filter((i) => (i.to === '/' ? pathname === '/' : pathname === i.to || pathname.startsWith(`${i.to}/`)))
    .sort((a, b) => b.to.length - a.to.length)[0]?.to;
  const link = (i: (typeof items)[number]) => (
    <li key={i.to}>
      <NavLink
        to={i.to}
        end={items.some((o) => o !== i && o.to.startsWith(`${i.to}/`)) || i.to === '/'}
        className={() => (owner === i.to ? 'nav-link active' : 'nav-link')}
        aria-current={owner === i.to ? 'page' : undefined}
      >
        {i.icon}
        {i.label}
      </NavLink>
    </li>
  );

  return (
    <div className="app">
      <a className="skip-link" href="#main-content">
        Skip to main content
      </a>
      <header className="app-top">
        <div className="app-header">
          <Link to="/" className="wordmark">
            <WaymarkLogo />
            Waymark
          </Link>
          <div className="header-spacer" />
          <div className="header-actions">
            <UserMenu />
            <SignOutButton />
          </div>
        </div>
        {me.network.demo && (
          <div className="demo-banner">
            <strong>DEMO</strong>
            <span>Demo network with synthetic data.</span>
            {!me.network.mfaRequired && <span>Two-step verification is not required in this demo.</span>}
          </div>
        )}
      </header>
      <div className="app-body">
        <nav className="sidebar" aria-label="Main navigation">
          <div className="sidebar-inner">
            <ul>{main.map(link)}</ul>
            {admin.length > 0 && (
              <>
                <p className="nav-section-label" aria-hidden="true">
                  Administration
                </p>
                <ul aria-label="Administration">{admin.map(link)}</ul>
              </>
            )}
          </div>
        </nav>
        <main id="main-content" className="main" tabIndex={-1}>
          {children}
        </main>
      </div>
    </div>
  );
}
