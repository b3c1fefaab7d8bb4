/**
 * Network settings (administrators): the two-step verification requirement, whether a mail server
 * is configured, and session timeouts (set in the server's configuration).
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { api } from '../../api/client';
import { queryKeys, useSettings } from '../../api/queries';
import type { TNetworkSettings } from '../../api/types';
import { Alert } from '../../ui/alert';
import { Badge } from '../../ui/badge';
import { Button } from '../../ui/button';
import { Card } from '../../ui/card';
import { ConfirmDialog } from '../../ui/confirm-dialog';
import { CheckboxField } from '../../ui/field';
import { PageHeader } from '../../ui/page-header';
import { PageQuery } from '../../ui/query-state';
import { useToast } from '../../ui/toasts';
import { useSession } from '../shell/session';

function minutes(n: number): string {
  if (n % 60 === 0 && n >= 60) return `${n / 60} hour${n === 60 ? '' : 's'}`;
  return `${n} minute${n === 1 ? '' : 's'}`;
}

function SettingsView({ settings }: { settings: TNetworkSettings }) {
  const { me } = useSession();
  const queryClient = useQueryClient();
  const toast = useToast();
  const [required, setRequired] = useState(settings.mfaRequired);
  const [confirming, setConfirming] = useState(false);
  const changed = required !== settings.mfaRequired;

  const save = useMutation({
    mutationFn: () => api.patch<TNetworkSettings>('/settings', { mfaRequired: required }),
    onSuccess: (s) => {
      queryClient.setQueryData(queryKeys.settings, s);
      void queryClient.invalidateQueries({ queryKey: queryKeys.me });
      setConfirming(false);
      toast.success(
        s.mfaRequired
          ? 'Two-step verification is now required for roles that see child-level data.'
          : 'Two-step verification is no longer required.',
      );
    },
  });

  return (
    <div className="page">
      <PageHeader title="Settings" lead="Settings that apply to the whole network." />
      <div className="stack">
        <Card title="Sign-in security">
          <form
            className="form"
            onSubmit={(e) => {
              e.preventDefault();
              if (changed) setConfirming(true);
            }}
          >
            <CheckboxField
              label="Require two-step verification for roles that see child-level data"
              hint="Network administrators, center directors, clinicians and trainers must set up an authenticator app before they can use Waymark. Funders and partner roles are not affected."
              checked={required}
              onChange={(e) => setRequired(e.target.checked)}
            />
            <div className="form-actions">
              <Button type="submit" variant="primary" disabled={!changed}>
                Save
              </Button>
              {changed && (
                <Button onClick={() => setRequired(settings.mfaRequired)} variant="ghost">
                  Undo
                </Button>
              )}
            </div>
          </form>
        </Card>
        <div className="grid-2">
          <Card title="Mail delivery">
            {settings.smtpConfigured ? (
              <div className="stack">
                <p>
                  <Badge tone="success" dot>
                    Mail server configured
                  </Badge>
                </p>
                <p className="muted">Invitations and password reset links are sent by e-mail.</p>
              </div>
            ) : (
              <div className="stack">
                <p>
                  <Badge tone="warning" dot>
                    No mail server configured
                  </Badge>
                </p>
                <p className="muted">
                  Messages are held in the <Link to="/outbox">Outbox</Link>, from where their links are passed
                  on by hand. To send them automatically, set <code>SMTP_URL</code> in the server&rsquo;s
                  configuration and restart it.
                </p>
              </div>
            )}
          </Card>
          <Card title="Sessions">
            <dl className="details">
              <dt>Signed out after inactivity</dt>
              <dd>{minutes(settings.sessionIdleMinutes)}</dd>
              <dt>Longest session</dt>
              <dd>{minutes(settings.sessionMaxHours * 60)}</dd>
            </dl>
            <p className="muted small" style={{ marginTop: 12 }}>
              Set in the server&rsquo;s configuration (<code>WAYMARK_SESSION_IDLE_MINUTES</code>,{' '}
              <code>WAYMARK_SESSION_MAX_HOURS</code>).
            </p>
          </Card>
        </div>
        {settings.demo && (
          <Alert tone="warning" title="This is a demo network">
            It holds synthetic data only. Do not enter information about real people or children.
          </Alert>
        )}
      </div>
      {confirming && (
        <ConfirmDialog
          title={required ? 'Require two-step verification?' : 'Stop requiring two-step verification?'}
          confirmLabel={required ? 'Require it' : 'Stop requiring it'}
          danger={!required}
          busy={save.isPending}
          error={save.error}
          onConfirm={() => save.mutate()}
          onClose={() => {
            save.reset();
            setConfirming(false);
          }}
        >
          {required ? (
            <>
              <p>
                Everyone with a role that sees child-level data (network administrators, center directors,
                clinicians and trainers) who has not set up an authenticator app will be asked to set it up
                before their next action. This applies at once, also to people who are signed in right now.
              </p>
              {!me.user.mfaEnabled && (
                <p>
                  <strong>That includes you:</strong> you have not set up two-step verification yet, so you
                  will be taken to set it up straight away.
                </p>
              )}
            </>
          ) : (
            'People will be able to sign in with a password alone. Accounts that see child-level data are then protected by one factor only.'
          )}
        </ConfirmDialog>
      )}
    </div>
  );
}

export function SettingsPage() {
  const settings = useSettings();
  return (
    <PageQuery query={settings} loadingLabel="Loading settings…">
      {(s) => <SettingsView settings={s} />}
    </PageQuery>
  );
}
