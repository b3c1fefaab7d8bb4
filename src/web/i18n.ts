/**
 * Language of the public pages (sign-in, password reset, invitations, two-step verification,
 * credential verification): English and Spanish. The choice is kept in localStorage and mirrored
 * on <html lang>. Pages after sign-in are in English for now. The family form follows the language
 * of its link instead (see features/care/form-page.tsx).
 */
import { useCallback, useSyncExternalStore } from 'react';
import { ROLE_LABEL, type Role } from '../shared/roles';

export type Lang = 'en' | 'es';
export const LANGS: readonly Lang[] = ['en', 'es'];

const STORAGE_KEY = 'waymark.lang';

const en = {
  'lang.label': 'Language',
  'lang.en': 'English',
  'lang.es': 'Español',
  'common.skip': 'Skip to main content',
  'common.tagline': "Training and outcomes for the Children's Advocacy Center network",
  'common.backToSignIn': 'Back to sign in',
  'common.loading': 'Loading…',
  'common.signOut': 'Sign out',
  'common.continue': 'Continue',
  'common.cancel': 'Cancel',
  'common.footer': 'Waymark is open-source software for Children’s Advocacy Centers.',
  'common.checkFields': 'Check the fields marked below.',
  'common.passwordsDiffer': 'The passwords do not match.',
  'common.required': 'Required.',
  'common.networkError': 'We could not reach the server. Check your connection and try again.',

  'password.rulesTitle': 'Your password',
  'password.ruleLength': 'At least 12 characters.',
  'password.ruleCommon': 'Not a commonly used or breached password.',
  'password.ruleFree': 'Any characters are fine, spaces included; a long phrase you can remember works well.',

  'login.title': 'Sign in',
  'login.intro': 'Sign in to Waymark with your work e-mail address.',
  'login.email': 'Email',
  'login.password': 'Password',
  'login.submit': 'Sign in',
  'login.submitting': 'Signing in…',
  'login.forgot': 'Forgot your password?',
  'login.sessionEnded': 'Your session ended, please sign in again',
  'login.signedOut': 'You are signed out.',
  'login.passwordChanged': 'Your password was changed. Sign in with your new password.',
  'login.invalid': 'The e-mail address or password is not correct.',
  'login.deactivated': 'This account has been deactivated. Ask your administrator to restore it.',

  'forgot.title': 'Reset your password',
  'forgot.intro':
    'Enter the e-mail address of your account and we will send you a link to choose a new password.',
  'forgot.email': 'Email',
  'forgot.submit': 'Send reset link',
  'forgot.sentTitle': 'Check your e-mail',
  'forgot.sent':
    'If an account exists for {email}, we sent it a link to reset the password. The link works for a limited time.',
  'forgot.sentHelp': 'No message? Check your spam folder or ask your network administrator.',

  'reset.title': 'Choose a new password',
  'reset.intro': 'Choose a new password for your Waymark account.',
  'reset.new': 'New password',
  'reset.confirm': 'Confirm new password',
  'reset.submit': 'Save new password',
  'reset.noToken': 'This link is incomplete. Open the link from the e-mail again, or ask for a new one.',
  'reset.expired': 'This password reset link has expired or was already used. Ask for a new one.',
  'reset.askNew': 'Ask for a new link',
  'reset.doneTitle': 'Password changed',
  'reset.done': 'Your password was changed. You can now sign in with it.',
  'reset.toSignIn': 'Go to sign in',

  'invite.title': 'Accept your invitation',
  'invite.loading': 'Checking your invitation…',
  'invite.noToken': 'This invitation link is incomplete. Open the link from the e-mail again.',
  'invite.invalid':
    'This invitation link has expired, was already used or was withdrawn. Ask the person who invited you for a new one.',
  'invite.offerCenter': 'You are invited to join {place} as {role}.',
  'invite.offerNetwork': 'You are invited to Waymark as {role}.',
  'invite.for': 'Invitation for',
  'invite.expires': 'Valid until {date}.',
  'invite.newAccount': 'Create your account to accept.',
  'invite.existingAccount':
    'You already have a Waymark account with this e-mail address. Enter its password to add this role.',
  'invite.name': 'Your name',
  'invite.nameHint': 'As your colleagues know you.',
  'invite.password': 'Choose a password',
  'invite.existingPassword': 'Password',
  'invite.confirm': 'Confirm password',
  'invite.submit': 'Accept invitation',
  'invite.gone': 'This invitation was already used or withdrawn.',

  'mfa.title': 'Two-step verification',
  'mfa.intro': 'Enter the 6-digit code from your authenticator app to finish signing in.',
  'mfa.introRecovery': 'Enter one of the recovery codes you saved when you set up two-step verification.',
  'mfa.code': '6-digit code',
  'mfa.recoveryCode': 'Recovery code',
  'mfa.recoveryHint': 'For example ABCD-EFGH-JKLM-NPQR. Each code works once.',
  'mfa.useRecovery': 'Use a recovery code instead',
  'mfa.useCode': 'Use the code from your app instead',
  'mfa.submit': 'Verify',
  'mfa.lost':
    'Lost your phone and your recovery codes? Your network administrator can reset two-step verification.',

  'setup.title': 'Set up two-step verification',
  'setup.introRequired':
    'Your role gives access to sensitive information, so your account needs a second step when you sign in.',
  'setup.intro': 'Add a second step to your sign-in with an authenticator app on your phone.',
  'setup.step1': 'Install an authenticator app',
  'setup.step1Body':
    'Any app that supports time-based codes (TOTP) works, for example one from your phone’s store.',
  'setup.step2': 'Scan this QR code with the app',
  'setup.qrAlt': 'QR code to add Waymark to your authenticator app',
  'setup.manual': 'Cannot scan? Enter this setup key in the app:',
  'setup.step3': 'Enter the 6-digit code the app shows',
  'setup.code': '6-digit code',
  'setup.submit': 'Turn on two-step verification',
  'setup.starting': 'Preparing your setup key…',
  'setup.already': 'Two-step verification is already on for your account.',
  'setup.codesTitle': 'Save your recovery codes',
  'setup.codesIntro':
    'If you lose your phone, each of these codes lets you sign in once. They are shown only now: keep them somewhere safe, such as a password manager.',
  'setup.copy': 'Copy codes',
  'setup.copied': 'Recovery codes copied.',
  'setup.copyFailed': 'Copying is not available here; select the codes and copy them, or download them.',
  'setup.download': 'Download as text',
  'setup.saved': 'I have saved them',
  'setup.codesFileHeader': 'Waymark recovery codes',
  'setup.codesFileNote': 'Each code can be used once to sign in without your authenticator app.',

  'notFound.title': 'Page not found',
  'notFound.body': 'The page you asked for does not exist or is no longer available.',
  'notFound.home': 'Go to the start page',

  'field.required': 'is required',
  'verify.title': 'Verify a credential',
  'verify.intro':
    'Check that a Waymark certificate is genuine and still valid. Enter the certificate number printed on it, or scan its QR code.',
  'verify.number': 'Certificate number',
  'verify.numberHint': 'For example WM-2026-000123.',
  'verify.numberRequired': 'Enter the certificate number.',
  'verify.submit': 'Verify',
  'verify.another': 'Verify another credential',
  'verify.checking': 'Checking the credential…',
  'verify.error': 'The credential could not be checked right now. Please try again in a moment.',
  'verify.retry': 'Try again',
  'verify.valid': 'Valid',
  'verify.validBody': 'This credential is genuine and current.',
  'verify.expired': 'Expired',
  'verify.expiredBody': 'This credential is genuine, but it expired on {date}.',
  'verify.revoked': 'Revoked',
  'verify.revokedBody': 'This credential was revoked on {date} and is no longer valid.',
  'verify.revokedReason': 'Reason: {reason}',
  'verify.notFound': 'Not found',
  'verify.notFoundBody':
    'No credential matches “{number}”. Check the number on the certificate: it looks like WM-2026-000123.',
  'verify.status': 'Status',
  'verify.recipient': 'Recipient',
  'verify.certification': 'Certification',
  'verify.model': 'Treatment model',
  'verify.issuer': 'Issued by',
  'verify.numberLabel': 'Certificate number',
  'verify.issuedOn': 'Issued on',
  'verify.validFrom': 'Valid from',
  'verify.validUntil': 'Valid until',
  'verify.noExpiry': 'Does not expire',
  'verify.signatureOk': 'Signature verified: signed by {issuer}, key {kid}.',
  'verify.signatureBad': 'The signature could not be verified (key {kid}): {message}.',
  'verify.replaced': 'This credential was renewed. The current one is {number}.',
  'verify.replacedLink': 'See the current credential {number}',
  'verify.download': 'Download the signed credential',
  'verify.downloadHint': 'An Open Badges 3.0 credential, signed as a JSON Web Token (.jwt).',
  'verify.independentTitle': 'Verify it yourself',
  'verify.independent':
    'The downloaded file is signed with the issuer’s Ed25519 key: check its signature with any JOSE library against the public keys published at {link}, using the key named by “kid” in the file’s header.',
  'verify.staff': 'Work in the network? Sign in to Waymark',

  'form.title': 'Questionnaire',
  'form.loading': 'Opening the form…',
  'form.noTokenTitle': 'This link is incomplete',
  'form.noToken':
    'Open the whole link from the message you received, or scan the code again. If it still does not work, ask your clinician for a new link.',
  'form.unknownTitle': 'Form not found',
  'form.unknown':
    'We could not find this form. Check that you opened the whole link, or ask your clinician for a new one.',
  'form.goneTitle': 'This link no longer works',
  'form.gone':
    'It was already used, it expired or it was withdrawn: each link works once, for 72 hours. If you still need to answer, ask your clinician for a new link.',
  'form.usedTitle': 'These answers were already sent',
  'form.used':
    'Each link works once, and this one has been used. Thank you! If you were asked to answer again, ask your clinician for a new link.',
  'form.expiredTitle': 'This link has expired',
  'form.expired':
    'Each link works for 72 hours. If you still need to answer, ask your clinician for a new link.',
  'form.revokedTitle': 'This link was cancelled',
  'form.revoked': 'Your clinician withdrew it. If you still need to answer, ask them for a new link.',
  'form.rateTitle': 'Please wait a moment',
  'form.rateLimited': 'There were too many attempts from this device. Wait a minute, then try again.',
  'form.error': 'The form could not be opened. Please try again in a moment.',
  'form.retry': 'Try again',
  'form.intro':
    'There are {count} questions. For each one, choose the answer that fits best. There are no right or wrong answers.',
  'form.recall': 'Think about {recall}.',
  'form.privacy': 'No name is asked. Your answers go only to your clinician.',
  'form.expires': 'This link works once, until {date}.',
  'form.start': 'Start',
  'form.progress': 'Question {n} of {total}',
  'form.progressLabel': 'Progress',
  'form.answered': '{n} of {total} answered',
  'form.back': 'Back',
  'form.next': 'Next',
  'form.toReview': 'Check my answers',
  'form.chooseAnswer': 'Choose an answer to continue.',
  'form.reviewTitle': 'Check your answers',
  'form.reviewIntro': 'You can change any answer before you send them.',
  'form.question': 'Question {n}',
  'form.change': 'Change',
  'form.changeLabel': 'Change the answer to question {n}',
  'form.notAnswered': 'Not answered',
  'form.missing': 'Answer every question before sending. Questions left: {count}.',
  'form.submit': 'Send my answers',
  'form.doneTitle': 'Thank you',
  'form.done': 'Your answers were sent to your clinician. You can close this page now.',
  'form.submitGone':
    'This link stopped working before your answers were sent (it was used, expired or withdrawn). Ask your clinician for a new link.',
  'form.submitError': 'Your answers could not be sent. Check your connection and try again.',
};

export type MessageKey = keyof typeof en;

const es: Record<MessageKey, string> = {
  'lang.label': 'Idioma',
  'lang.en': 'English',
  'lang.es': 'Español',
  'common.skip': 'Saltar al contenido principal',
  'common.tagline': 'Formación y resultados para la red de Centros de Defensa Infantil',
  'common.backToSignIn': 'Volver a iniciar sesión',
  'common.loading': 'Cargando…',
  'common.signOut': 'Cerrar sesión',
  'common.continue': 'Continuar',
  'common.cancel': 'Cancelar',
  'common.footer': 'Waymark es software de código abierto para los Centros de Defensa Infantil.',
  'common.checkFields': 'Revisa los campos marcados abajo.',
  'common.passwordsDiffer': 'Las contraseñas no coinciden.',
  'common.required': 'Obligatorio.',
  'common.networkError': 'No pudimos conectar con el servidor. Revisa tu conexión e inténtalo de nuevo.',

  'password.rulesTitle': 'Tu contraseña',
  'password.ruleLength': 'Al menos 12 caracteres.',
  'password.ruleCommon': 'Que no sea una contraseña común o filtrada.',
  'password.ruleFree':
    'Se admite cualquier carácter, también espacios; una frase larga que puedas recordar funciona bien.',

  'login.title': 'Iniciar sesión',
  'login.intro': 'Inicia sesión en Waymark con tu correo electrónico de trabajo.',
  'login.email': 'Correo electrónico',
  'login.password': 'Contraseña',
  'login.submit': 'Iniciar sesión',
  'login.submitting': 'Iniciando sesión…',
  'login.forgot': '¿Olvidaste tu contraseña?',
  'login.sessionEnded': 'Tu sesión terminó; vuelve a iniciar sesión',
  'login.signedOut': 'Has cerrado la sesión.',
  'login.passwordChanged': 'Tu contraseña se cambió. Inicia sesión con la nueva contraseña.',
  'login.invalid': 'El correo electrónico o la contraseña no son correctos.',
  'login.deactivated': 'Esta cuenta está desactivada. Pide a tu administrador que la restablezca.',

  'forgot.title': 'Restablecer la contraseña',
  'forgot.intro':
    'Escribe el correo electrónico de tu cuenta y te enviaremos un enlace para elegir una nueva contraseña.',
  'forgot.email': 'Correo electrónico',
  'forgot.submit': 'Enviar enlace',
  'forgot.sentTitle': 'Revisa tu correo',
  'forgot.sent':
    'Si existe una cuenta para {email}, le enviamos un enlace para restablecer la contraseña. El enlace es válido durante un tiempo limitado.',
  'forgot.sentHelp':
    '¿No llegó nada? Revisa la carpeta de correo no deseado o consulta al administrador de la red.',

  'reset.title': 'Elige una nueva contraseña',
  'reset.intro': 'Elige una nueva contraseña para tu cuenta de Waymark.',
  'reset.new': 'Nueva contraseña',
  'reset.confirm': 'Confirma la nueva contraseña',
  'reset.submit': 'Guardar la nueva contraseña',
  'reset.noToken': 'Este enlace está incompleto. Vuelve a abrir el enlace del correo o pide uno nuevo.',
  'reset.expired': 'Este enlace ha caducado o ya se usó. Pide uno nuevo.',
  'reset.askNew': 'Pedir un enlace nuevo',
  'reset.doneTitle': 'Contraseña cambiada',
  'reset.done': 'Tu contraseña se cambió. Ya puedes iniciar sesión con ella.',
  'reset.toSignIn': 'Ir a iniciar sesión',

  'invite.title': 'Acepta tu invitación',
  'invite.loading': 'Comprobando tu invitación…',
  'invite.noToken': 'Este enlace de invitación está incompleto. Vuelve a abrir el enlace del correo.',
  'invite.invalid':
    'Esta invitación ha caducado, ya se usó o fue retirada. Pide una nueva a la persona que te invitó.',
  'invite.offerCenter': 'Te invitan a unirte a {place} como {role}.',
  'invite.offerNetwork': 'Te invitan a Waymark como {role}.',
  'invite.for': 'Invitación para',
  'invite.expires': 'Válida hasta el {date}.',
  'invite.newAccount': 'Crea tu cuenta para aceptar.',
  'invite.existingAccount':
    'Ya tienes una cuenta de Waymark con este correo. Escribe su contraseña para añadir esta función.',
  'invite.name': 'Tu nombre',
  'invite.nameHint': 'Como te conocen tus colegas.',
  'invite.password': 'Elige una contraseña',
  'invite.existingPassword': 'Contraseña',
  'invite.confirm': 'Confirma la contraseña',
  'invite.submit': 'Aceptar la invitación',
  'invite.gone': 'Esta invitación ya se usó o fue retirada.',

  'mfa.title': 'Verificación en dos pasos',
  'mfa.intro':
    'Escribe el código de 6 dígitos de tu aplicación de autenticación para terminar de iniciar sesión.',
  'mfa.introRecovery':
    'Escribe uno de los códigos de recuperación que guardaste al activar la verificación en dos pasos.',
  'mfa.code': 'Código de 6 dígitos',
  'mfa.recoveryCode': 'Código de recuperación',
  'mfa.recoveryHint': 'Por ejemplo ABCD-EFGH-JKLM-NPQR. Cada código sirve una sola vez.',
  'mfa.useRecovery': 'Usar un código de recuperación',
  'mfa.useCode': 'Usar el código de la aplicación',
  'mfa.submit': 'Verificar',
  'mfa.lost':
    '¿Perdiste el teléfono y los códigos de recuperación? El administrador de la red puede restablecer la verificación en dos pasos.',

  'setup.title': 'Activa la verificación en dos pasos',
  'setup.introRequired':
    'Tu función da acceso a información sensible, así que tu cuenta necesita un segundo paso al iniciar sesión.',
  'setup.intro':
    'Añade un segundo paso al inicio de sesión con una aplicación de autenticación en tu teléfono.',
  'setup.step1': 'Instala una aplicación de autenticación',
  'setup.step1Body':
    'Sirve cualquier aplicación compatible con códigos basados en el tiempo (TOTP), por ejemplo de la tienda de tu teléfono.',
  'setup.step2': 'Escanea este código QR con la aplicación',
  'setup.qrAlt': 'Código QR para añadir Waymark a tu aplicación de autenticación',
  'setup.manual': '¿No puedes escanear? Escribe esta clave en la aplicación:',
  'setup.step3': 'Escribe el código de 6 dígitos que muestra la aplicación',
  'setup.code': 'Código de 6 dígitos',
  'setup.submit': 'Activar la verificación en dos pasos',
  'setup.starting': 'Preparando tu clave…',
  'setup.already': 'La verificación en dos pasos ya está activada en tu cuenta.',
  'setup.codesTitle': 'Guarda tus códigos de recuperación',
  'setup.codesIntro':
    'Si pierdes el teléfono, cada uno de estos códigos te permite iniciar sesión una vez. Solo se muestran ahora: guárdalos en un lugar seguro, como un gestor de contraseñas.',
  'setup.copy': 'Copiar los códigos',
  'setup.copied': 'Códigos de recuperación copiados.',
  'setup.copyFailed': 'No se puede copiar aquí; selecciona los códigos y cópialos, o descárgalos.',
  'setup.download': 'Descargar como texto',
  'setup.saved': 'Ya los he guardado',
  'setup.codesFileHeader': 'Códigos de recuperación de Waymark',
  'setup.codesFileNote': 'Cada código sirve una vez para iniciar sesión sin la aplicación de autenticación.',

  'notFound.title': 'Página no encontrada',
  'notFound.body': 'La página que buscas no existe o ya no está disponible.',
  'notFound.home': 'Ir a la página de inicio',

  'field.required': 'es obligatorio',
  'verify.title': 'Verificar una credencial',
  'verify.intro':
    'Comprueba que un certificado de Waymark es auténtico y sigue vigente. Escribe el número impreso en el certificado o escanea su código QR.',
  'verify.number': 'Número de certificado',
  'verify.numberHint': 'Por ejemplo WM-2026-000123.',
  'verify.numberRequired': 'Escribe el número de certificado.',
  'verify.submit': 'Verificar',
  'verify.another': 'Verificar otra credencial',
  'verify.checking': 'Comprobando la credencial…',
  'verify.error': 'No se pudo comprobar la credencial en este momento. Inténtalo de nuevo en unos minutos.',
  'verify.retry': 'Intentar de nuevo',
  'verify.valid': 'Vigente',
  'verify.validBody': 'Esta credencial es auténtica y está vigente.',
  'verify.expired': 'Caducada',
  'verify.expiredBody': 'Esta credencial es auténtica, pero caducó el {date}.',
  'verify.revoked': 'Revocada',
  'verify.revokedBody': 'Esta credencial fue revocada el {date} y ya no es válida.',
  'verify.revokedReason': 'Motivo: {reason}',
  'verify.notFound': 'No encontrada',
  'verify.notFoundBody':
    'Ninguna credencial coincide con «{number}». Revisa el número del certificado: tiene la forma WM-2026-000123.',
  'verify.status': 'Estado',
  'verify.recipient': 'Titular',
  'verify.certification': 'Certificación',
  'verify.model': 'Modelo de tratamiento',
  'verify.issuer': 'Emitida por',
  'verify.numberLabel': 'Número de certificado',
  'verify.issuedOn': 'Fecha de emisión',
  'verify.validFrom': 'Válida desde',
  'verify.validUntil': 'Válida hasta',
  'verify.noExpiry': 'No caduca',
  'verify.signatureOk': 'Firma verificada: firmada por {issuer}, clave {kid}.',
  'verify.signatureBad': 'No se pudo verificar la firma (clave {kid}): {message}.',
  'verify.replaced': 'Esta credencial se renovó. La vigente es la {number}.',
  'verify.replacedLink': 'Ver la credencial vigente {number}',
  'verify.download': 'Descargar la credencial firmada',
  'verify.downloadHint': 'Una credencial Open Badges 3.0 firmada como JSON Web Token (.jwt).',
  'verify.independentTitle': 'Verifícala por tu cuenta',
  'verify.independent':
    'El archivo descargado está firmado con la clave Ed25519 del emisor: comprueba su firma con cualquier biblioteca JOSE usando las claves públicas publicadas en {link}, con la clave que indica «kid» en la cabecera del archivo.',
  'verify.staff': '¿Trabajas en la red? Inicia sesión en Waymark',

  'form.title': 'Cuestionario',
  'form.loading': 'Abriendo el cuestionario…',
  'form.noTokenTitle': 'Este enlace está incompleto',
  'form.noToken':
    'Abre el enlace completo del mensaje que recibiste, o vuelve a escanear el código. Si sigue sin funcionar, pide un enlace nuevo a tu terapeuta.',
  'form.unknownTitle': 'Cuestionario no encontrado',
  'form.unknown':
    'No encontramos este cuestionario. Comprueba que abriste el enlace completo, o pide uno nuevo a tu terapeuta.',
  'form.goneTitle': 'Este enlace ya no funciona',
  'form.gone':
    'Ya se usó, caducó o fue retirado: cada enlace funciona una sola vez, durante 72 horas. Si todavía tienes que responder, pide un enlace nuevo a tu terapeuta.',
  'form.usedTitle': 'Estas respuestas ya se enviaron',
  'form.used':
    'Cada enlace funciona una sola vez y este ya se usó. ¡Gracias! Si te pidieron responder de nuevo, pide un enlace nuevo a tu terapeuta.',
  'form.expiredTitle': 'Este enlace caducó',
  'form.expired':
    'Cada enlace funciona durante 72 horas. Si todavía tienes que responder, pide un enlace nuevo a tu terapeuta.',
  'form.revokedTitle': 'Este enlace fue cancelado',
  'form.revoked': 'Tu terapeuta lo retiró. Si todavía tienes que responder, pídele un enlace nuevo.',
  'form.rateTitle': 'Espera un momento, por favor',
  'form.rateLimited':
    'Hubo demasiados intentos desde este dispositivo. Espera un minuto y vuelve a intentarlo.',
  'form.error': 'No se pudo abrir el cuestionario. Vuelve a intentarlo en un momento.',
  'form.retry': 'Intentar de nuevo',
  'form.intro':
    'Hay {count} preguntas. En cada una, elige la respuesta que mejor encaje. No hay respuestas correctas ni incorrectas.',
  'form.recall': 'Piensa en {recall}.',
  'form.privacy': 'No se pide ningún nombre. Tus respuestas solo le llegan a tu terapeuta.',
  'form.expires': 'Este enlace funciona una sola vez, hasta el {date}.',
  'form.start': 'Empezar',
  'form.progress': 'Pregunta {n} de {total}',
  'form.progressLabel': 'Progreso',
  'form.answered': '{n} de {total} respondidas',
  'form.back': 'Atrás',
  'form.next': 'Siguiente',
  'form.toReview': 'Revisar mis respuestas',
  'form.chooseAnswer': 'Elige una respuesta para continuar.',
  'form.reviewTitle': 'Revisa tus respuestas',
  'form.reviewIntro': 'Puedes cambiar cualquier respuesta antes de enviarlas.',
  'form.question': 'Pregunta {n}',
  'form.change': 'Cambiar',
  'form.changeLabel': 'Cambiar la respuesta a la pregunta {n}',
  'form.notAnswered': 'Sin responder',
  'form.missing': 'Responde todas las preguntas antes de enviar. Preguntas pendientes: {count}.',
  'form.submit': 'Enviar mis respuestas',
  'form.doneTitle': 'Gracias',
  'form.done': 'Tus respuestas se enviaron a tu terapeuta. Ya puedes cerrar esta página.',
  'form.submitGone':
    'Este enlace dejó de funcionar antes de que se enviaran tus respuestas (se usó, caducó o fue retirado). Pide un enlace nuevo a tu terapeuta.',
  'form.submitError': 'No se pudieron enviar tus respuestas. Revisa tu conexión y vuelve a intentarlo.',
};

const dictionaries: Record<Lang, Record<MessageKey, string>> = { en, es };

const ROLE_LABEL_ES: Record<Role, string> = {
  network_admin: 'administrador/a de la red',
  trainer: 'formador/a',
  center_director: 'director/a del centro',
  clinician: 'clínico/a',
  funder_viewer: 'financiador/a (solo datos agregados)',
  partner_admin: 'administrador/a de la organización asociada',
  partner_learner: 'participante de la organización asociada',
};

/** Field messages the server sends in English, in Spanish (others are shown as they come). */
const FIELD_MESSAGES_ES: Record<string, string> = {
  'is required': 'es obligatorio',
  'must be at least 12 characters': 'debe tener al menos 12 caracteres',
  'is too long': 'es demasiado larga',
  'is a commonly used or breached password; choose another': 'es una contraseña común o filtrada; elige otra',
  'must not contain your e-mail address': 'no debe contener tu correo electrónico',
  'must not be built from the name of this service': 'no debe basarse en el nombre de este servicio',
  'must be an e-mail address': 'debe ser un correo electrónico',
  'must be the 6-digit code from your authenticator app': 'debe ser el código de 6 dígitos de tu aplicación',
  'is not the current code; check the time on your phone and try again':
    'no es el código actual; revisa la hora de tu teléfono e inténtalo de nuevo',
  'is not a valid unused recovery code': 'no es un código de recuperación válido sin usar',
  'was already used': 'ya se usó',
  'must be a recovery code like ABCD-EFGH-JKLM-NPQR':
    'debe ser un código de recuperación como ABCD-EFGH-JKLM-NPQR',
  'is not the password of your existing account': 'no es la contraseña de tu cuenta',
  'is not a valid link': 'no es un enlace válido',
  'is not a valid invitation link': 'no es un enlace de invitación válido',
};

function readStored(): Lang {
  try {
    const v = localStorage.getItem(STORAGE_KEY);
    if (v === 'en' || v === 'es') return v;
  } catch {
    // Storage may be unavailable (private mode); fall through to the browser's language.
  }
  return navigator.language?.toLowerCase().startsWith('es') ? 'es' : 'en';
}

let current: Lang = readStored();
const listeners = new Set<() => void>();

export function getLang(): Lang {
  return current;
}

export function setLang(lang: Lang): void {
  if (lang === current) return;
  current = lang;
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // Not fatal: the choice lasts for this page view.
  }
  for (const l of listeners) l();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function translate(lang: Lang, key: MessageKey, vars?: Record<string, string | number>): string {
  let text = dictionaries[lang][key];
  if (vars) for (const [k, v] of Object.entries(vars)) text = text.replaceAll(`{${k}}`, String(v));
  return text;
}

export interface I18n {
  lang: Lang;
  t: (key: MessageKey, vars?: Record<string, string | number>) => string;
  setLang: (lang: Lang) => void;
  roleLabel: (role: Role) => string;
  fieldMessage: (message: string) => string;
}

export function useI18n(): I18n {
  const lang = useSyncExternalStore(subscribe, getLang, getLang);
  const t = useCallback(
    (key: MessageKey, vars?: Record<string, string | number>) => translate(lang, key, vars),
    [lang],
  );
  return {
    lang,
    t,
    setLang,
    roleLabel: (role) => (lang === 'es' ? ROLE_LABEL_ES[role] : ROLE_LABEL[role].toLowerCase()),
    fieldMessage: (message) => (lang === 'es' ? (FIELD_MESSAGES_ES[message] ?? message) : message),
  };
}
