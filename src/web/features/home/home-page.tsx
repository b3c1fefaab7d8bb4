/**
 * The start page, with a section for each of the user's roles.
 */
import { EmptyState } from '../../ui/empty-state';
import { BookIcon } from '../../ui/icons';
import { PageHeader } from '../../ui/page-header';
import { Card } from '../../ui/card';
import { ALERT_ROLES, HomeAlertsPanel } from '../care/lazy-pages';
import { MyPathwayHomeCard } from '../pathways/lazy-pages';
import { useSession } from '../shell/session';
import { ComingLater, DirectorCenter, SecurityStatus, StaffCenter } from './center-sections';
import { AdminOverview, FunderOverview } from './network-overview';

function firstName(displayName: string): string {
  return (
    displayName
      .replace(/\(.*?\)/g, '')
      .trim()
      .split(/\s+/)[0] ?? displayName
  );
}

export function HomePage() {
  const session = useSession();
  const { me } = session;
  const isAdmin = session.has('network_admin');
  const directed = session.centersFor('center_director');
  const directedIds = new Set(directed.map((c) => c.id));
  const staffCenters = session.centersFor('clinician', 'trainer').filter((c) => !directedIds.has(c.id));
  const isStaff = session.has('clinician', 'trainer');
  const partners = session.partnersFor('partner_admin', 'partner_learner');
  const isFunder = session.has('funder_viewer') && !isAdmin;
  const nothing = me.memberships.length === 0;

  return (
    <div className="page">
      <PageHeader
        title={`Welcome, ${firstName(me.user.displayName)}`}
        documentTitle="Home"
        lead="Here is what matters for your work in Waymark today."
      />
      <div className="stack" style={{ gap: 36 }}>
        {session.has(...ALERT_ROLES) && <HomeAlertsPanel />}
        {isAdmin && <AdminOverview />}
        {directed.map((c) => (
          <DirectorCenter key={c.id} place={c} />
        ))}
        {staffCenters.map((c) => (
          <StaffCenter
            key={c.id}
            place={c}
            roles={me.memberships.filter((m) => m.centerId === c.id).map((m) => m.role)}
          />
        ))}
        {isStaff && (
          <section className="stack" aria-labelledby="home-work">
            <h2 id="home-work">Your work</h2>
            <div className="grid-2" style={{ alignItems: 'start' }}>
              {session.has('clinician') && <MyPathwayHomeCard />}
              {session.has('trainer') && (
                <ComingLater title="Cohorts and consultation">
                  Your cohorts, rosters, attendance, consultation calls and sign-offs will appear here in
                  later releases of Waymark.
                </ComingLater>
              )}
              <SecurityStatus />
            </div>
          </section>
        )}
        {isFunder && <FunderOverview />}
        {partners.map((p) => (
          <section key={p.id} className="stack" aria-labelledby={`partner-${p.id}`}>
            <h2 id={`partner-${p.id}`}>{p.name}</h2>
            <p className="muted" style={{ marginTop: -12 }}>
              {session.me.memberships.some((m) => m.partnerId === p.id && m.role === 'partner_admin')
                ? 'You administer this partner organisation’s participation in the child-protection program.'
                : 'You take part in the child-protection program through this organisation.'}
            </p>
            <Card title="Child-protection courses" headingLevel={3}>
              <EmptyState icon={<BookIcon />} title="No courses yet">
                Courses on keeping children safe, and on portraying children with care in creative work, will
                appear here when they are published.
              </EmptyState>
            </Card>
          </section>
        ))}
        {nothing && (
          <EmptyState title="You have no role yet" headingLevel={2}>
            Your account is active, but no role has been given to it. Ask your center director or network
            administrator to invite you to your center.
          </EmptyState>
        )}
      </div>
    </div>
  );
}
