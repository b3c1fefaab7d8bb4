/**
 * Errors on the public pages, in the page's language: field messages the server sends in English
 * are translated where known, and the common whole-form errors too.
 */
import { isApiError, formErrors } from '../../api/client';
import { useI18n, type Lang } from '../../i18n';

function translateMessage(lang: Lang, code: string, message: string): string {
  if (lang !== 'es') return message;
  if (code === 'INVALID_CREDENTIALS') return 'El correo electrónico o la contraseña no son correctos.';
  if (code === 'NETWORK')
    return 'No pudimos conectar con el servidor. Revisa tu conexión e inténtalo de nuevo.';
  let m = /Try again in (\d+) minutes?, or reset your password/.exec(message);
  if (m)
    return `Demasiados intentos fallidos. Inténtalo de nuevo en ${m[1]} minuto(s) o restablece tu contraseña.`;
  m = /Try again in (\d+) seconds/.exec(message);
  if (m) return `Demasiados intentos desde tu red. Inténtalo de nuevo en ${m[1]} segundos.`;
  if (/Too many wrong codes/.test(message))
    return 'Demasiados códigos incorrectos. Espera 15 minutos e inténtalo de nuevo, o usa un código de recuperación.';
  if (/deactivated/.test(message))
    return 'Esta cuenta está desactivada. Pide a tu administrador que la restablezca.';
  if (/Please sign in/.test(message)) return 'Inicia sesión para continuar.';
  return message;
}

export function useAuthErrors() {
  const { lang, fieldMessage, t } = useI18n();
  return (error: unknown, fields: readonly string[]) => {
    const split = formErrors(error, fields);
    const translated: Record<string, string> = {};
    for (const [k, v] of Object.entries(split.fields)) translated[k] = fieldMessage(v);
    let message = split.message;
    if (message && isApiError(error)) message = translateMessage(lang, error.code, message);
    if (!message && Object.keys(translated).length > 1) message = t('common.checkFields');
    return { fields: translated, message };
  };
}
