/**
 * Care alerts: a safety answer (PHQ-A item 9 and the like) and an episode that is not on track
 * (a reliable worsening at mid-treatment). An alert is raised in the same transaction as the
 * measure that causes it, recorded in the audit log, and stays on the home pages of the clinician
 * and the center's directors (and, for "not on track", of the clinician's consultants) until someone
 * acknowledges it with what they did.
 *
 * A safety alert also sends an email at once to the clinician and the directors. The email carries
 * no case code and no answer: only that an alert waits, and the link to the episode.
 */
import { sql, type Transaction } from 'kysely';
import type { Config } from '../../config.js';
import type { AlertKind, DB } from '../../db/schema.js';
import { recordAudit } from '../../platform/audit.js';
import type { Ctx } from '../../platform/context.js';

export interface AlertEpisode {
  id: string;
  center_id: string;
  clinician_id: string;
}

/**
 * Raises an alert unless the same one is already open: one per administration and kind, and one
 * open "not on track" per episode and instrument. Returns the new alert's id, or null.
 */
export async function raiseAlert(
  trx: Transaction<DB>,
  ctx: Ctx,
  config: Config,
  input: { kind: AlertKind; episode: AlertEpisode; administrationId: string; instrument: string },
): Promise<string | null> {
  const { kind, episode, administrationId, instrument } = input;
  if (kind === 'not_on_track') {
    const open = await trx
      .selectFrom('care_alert')
      .select('id')
      .where('episode_id', '=', episode.id)
      .where('kind', '=', 'not_on_track')
      .where('instrument', '=', instrument)
      .where('acknowledged_at', 'is', null)
      .executeTakeFirst();
    if (open) return null;
  }
  const row = await trx
    .insertInto('care_alert')
    .values({
      kind,
      center_id: episode.center_id,
      episode_id: episode.id,
      clinician_id: episode.clinician_id,
      administration_id: administrationId,
      instrument,
    })
    .onConflict((oc) =>
      oc.columns(['administration_id', 'kind']).where('administration_id', 'is not', null).doNothing(),
    )
    .returning('id')
    .executeTakeFirst();
  if (!row) return null;
  await recordAudit(trx, ctx, {
    action: 'care.alert.raise',
    targetType: 'care_alert',
    targetId: row.id,
    centerId: episode.center_id,
    details: { kind, instrument, episodeId: episode.id },
  });
  if (kind === 'self_harm') await notifySafetyAlert(trx, config, episode, row.id);
  return row.id;
}

/** The clinician and the center's directors, by email, without any detail of the child. */
async function notifySafetyAlert(
  trx: Transaction<DB>,
  config: Config,
  episode: AlertEpisode,
  alertId: string,
): Promise<void> {
  const recipients = await trx
    .selectFrom('app_user as u')
    .select(['u.email', 'u.display_name'])
    .where('u.status', '=', 'active')
    .where((eb) =>
      eb.or([
        eb('u.id', '=', episode.clinician_id),
        eb.exists(
          eb
            .selectFrom('membership as m')
            .select(sql`1`.as('one'))
            .whereRef('m.user_id', '=', 'u.id')
            .where('m.center_id', '=', episode.center_id)
            .where('m.role', '=', 'center_director')
            .where('m.ended_at', 'is', null),
        ),
      ]),
    )
    .execute();
  const link = `${config.publicUrl}/episodes/${episode.id}`;
  if (recipients.length === 0) return;
  // Written without RETURNING: a clinician may queue this message (policy outbox_message_care_alert)
  // but not read the outbox back, which a RETURNING clause would need.
  await trx
    .insertInto('outbox_message')
    .values(
      recipients.map((r) => ({
        kind: 'care_alert',
        to_address: r.email,
        subject: 'Waymark: a safety answer needs your attention',
        body_text:
          `Hello ${r.display_name},\n\n` +
          'A measure recorded in Waymark just now has a safety answer (thoughts of self-harm) that needs ' +
          'attention today. Follow your center’s safety protocol, then acknowledge the alert with what was done:\n\n' +
          `${link}\n\n` +
          'This message carries no detail of the child. Sign in to see the episode.',
        center_id: episode.center_id,
        related_id: alertId,
        status: config.mail.smtpUrl ? ('pending' as const) : ('held' as const),
      })),
    )
    .execute();
}
