/**
 * Sign out from a public page (during two-step verification).
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router-dom';
import { api, setCsrfToken } from '../../api/client';
import { useI18n } from '../../i18n';

export function SignOutLink() {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const logout = useMutation({
    mutationFn: () => api.post('/auth/logout'),
    onSettled: () => {
      setCsrfToken(null);
      queryClient.clear();
      void navigate('/login', { replace: true, state: { notice: 'signedOut' } });
    },
  });
  return (
    <button type="button" className="link-button" onClick={() => logout.mutate()} disabled={logout.isPending}>
      {t('common.signOut')}
    </button>
  );
}
