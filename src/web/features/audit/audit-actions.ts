/**
 * The actions the audit log records, in words.
 */
export const AUDIT_ACTIONS: Record<string, string> = {
  'auth.login': 'Sign-in',
  'auth.logout': 'Sign-out',
  'auth.password_change': 'Password changed',
  'auth.password_reset_request': 'Password reset requested',
  'auth.password_reset': 'Password reset completed',
  'auth.session_revoke': 'Session signed out',
  'mfa.enrol': 'Two-step verification turned on',
  'mfa.verify': 'Two-step verification code checked',
  'mfa.disable': 'Two-step verification turned off',
  'mfa.reset': 'Two-step verification reset by an administrator',
  'mfa.recovery_codes_regenerate': 'Recovery codes replaced',
  'user.create': 'Account created',
  'user.profile_update': 'Profile changed',
  'user.deactivate': 'Account deactivated',
  'user.reactivate': 'Account reactivated',
  'membership.grant': 'Role given',
  'membership.role_change': 'Role changed',
  'membership.end': 'Role ended',
  'invitation.create': 'Invitation created',
  'invitation.resend': 'Invitation re-sent',
  'invitation.revoke': 'Invitation revoked',
  'invitation.accept': 'Invitation accepted',
  'center.create': 'Center added',
  'center.update': 'Center changed',
  'center.import': 'Centers imported',
  'chapter.create': 'Chapter added',
  'chapter.update': 'Chapter changed',
  'settings.update': 'Settings changed',
  'audit.verify': 'Audit log verified',
  'outbox.retry': 'Message queued again',
  seed: 'Demo data loaded',
};

export function auditActionLabel(action: string): string {
  return AUDIT_ACTIONS[action] ?? action;
}

export const AUDIT_ACTION_OPTIONS = Object.entries(AUDIT_ACTIONS)
  .map(([value, label]) => ({ value, label: `${label} (${value})` }))
  .sort((a, b) => a.label.localeCompare(b.label));
