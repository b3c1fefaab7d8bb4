/**
 * One-time family form links: a clinician issues a link (and its QR code) for one instrument, time
 * point and language; a youth or caregiver opens it on a phone without signing in, answers, and
 * the scored result lands on the episode. The link carries no identity: the page shows the
 * questions and nothing about the child, the center or the clinician.
 *
 * Only the SHA-256 of the token is stored, so the database cannot reopen a link. A link opens
 * until it is used, revoked, or 72 hours old; its first submission uses it, atomically (the row is
 * locked, so two submissions of one link cannot both count). The public routes are rate-limited
 * per address like sign-in.
 */
import QRCode from 'qrcode';
import { sql } from 'kysely';
import type { Config } from '../../config.js';
import { recordAudit } from '../../platform/audit.js';
import { requireActor, tx, type Ctx } from '../../platform/context.js';
import { randomToken, sha256Hex } from '../../platform/crypto.js';
import { AppError } from '../../platform/errors.js';
import type * as S from './care.schemas.js';
import { formLinkStatus, toFormLink } from './care.mapper.js';
import { instrumentsFor, scoreOrThrow, unprocessable, type CareService } from './care.service.js';
import type { InstrumentDefinition, Text } from './instruments/types.js';

/** How long a form link stays open. */
export const FORM_LINK_HOURS = 72;

const GONE_MESSAGE = {
  used: 'This form has already been sent. Thank you.',
  expired: 'This form link has expired. Please ask for a new one.',
  revoked: 'This form link was cancelled. Please ask for a new one.',
} as const;

const pick = (t: Text | undefined, lang: 'en' | 'es') => (t ? (lang === 'es' ? (t.es ?? t.en) : t.en) : null);

export class FormsService {
  constructor(
    private readonly config: Config,
    private readonly care: CareService,
  ) {}

  async create(
    ctx: Ctx,
    episodeId: string,
    body: { instrument: string; phase: S.FormLink['phase']; language: 'en' | 'es' },
  ): Promise<S.IssuedFormLink> {
    const actor = requireActor(ctx);
    const token = randomToken(32);
    const link = await tx(ctx, async (trx) => {
      const ep = await this.care.episodeOr404(trx, episodeId);
      const def = (await instrumentsFor(trx)).get(body.instrument);
      if (!def) throw unprocessable('instrument', 'is not an instrument Waymark knows');
      if (def.kind !== 'items' || def.respondent === 'clinician')
        throw unprocessable('instrument', `${def.code} is not a form a youth or caregiver fills in`);
      if (!def.languages.includes(body.language))
        throw unprocessable('language', `${def.code} is available in ${def.languages.join(' and ')}`);
      const on = new Date().toISOString().slice(0, 10);
      await this.care.checkMeasure(trx, ep, def, body.phase, on);
      const row = await trx
        .insertInto('form_link')
        .values({
          token_hash: sha256Hex(token),
          episode_id: episodeId,
          center_id: ep.center_id,
          instrument: def.code,
          respondent: def.respondent,
          phase: body.phase,
          language: body.language,
          created_by: actor.userId,
          expires_at: sql`now() + make_interval(hours => ${FORM_LINK_HOURS})`,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await recordAudit(trx, ctx, {
        action: 'care.form_link.create',
        targetType: 'form_link',
        targetId: row.id,
        centerId: ep.center_id,
        details: { episodeId, instrument: def.code, phase: body.phase, language: body.language },
      });
      return row;
    });
    // The token travels in the fragment (#), which browsers never send to a server or a log.
    const url = `${this.config.publicUrl}/form#token=${token}`;
    const qrSvg = await QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
    return { ...toFormLink(link), url, qrSvg };
  }

  async list(ctx: Ctx, episodeId: string): Promise<{ items: S.FormLink[] }> {
    requireActor(ctx);
    return tx(ctx, async (trx) => {
      await this.care.episodeOr404(trx, episodeId);
      const rows = await trx
        .selectFrom('form_link')
        .selectAll()
        .where('episode_id', '=', episodeId)
        .orderBy('created_at', 'desc')
        .execute();
      return { items: rows.map(toFormLink) };
    });
  }

  async revoke(ctx: Ctx, episodeId: string, linkId: string): Promise<void> {
    requireActor(ctx);
    await tx(ctx, async (trx) => {
      const ep = await this.care.episodeOr404(trx, episodeId);
      const row = await trx
        .selectFrom('form_link')
        .selectAll()
        .where('id', '=', linkId)
        .where('episode_id', '=', episodeId)
        .forUpdate()
        .executeTakeFirst();
      if (!row) throw AppError.notFound('The form link');
      if (formLinkStatus(row) !== 'open')
        throw AppError.conflict(`This form link is already ${formLinkStatus(row)}.`);
      await trx
        .updateTable('form_link')
        .set({ revoked_at: sql`now()` })
        .where('id', '=', linkId)
        .execute();
      await recordAudit(trx, ctx, {
        action: 'care.form_link.revoke',
        targetType: 'form_link',
        targetId: linkId,
        centerId: ep.center_id,
        details: { episodeId },
      });
    });
  }

  /** The form behind a token: 404 for an unknown token, 410 for a used, revoked or expired one. */
  async open(ctx: Ctx, token: string): Promise<S.PublicForm> {
    return tx(anonymous(ctx), async (trx) => {
      const link = await this.usable(trx, token, false);
      const def = (await instrumentsFor(trx)).get(link.instrument)!;
      return publicForm(def, link.language, link.respondent, link.expires_at);
    });
  }

  async submit(ctx: Ctx, token: string, responses: Record<string, number | null>): Promise<void> {
    const pub = anonymous(ctx);
    await tx(pub, async (trx) => {
      const link = await this.usable(trx, token, true);
      const def = (await instrumentsFor(trx)).get(link.instrument)!;
      const result = scoreOrThrow(def, { responses });
      const ep = await this.care.episodeOr404(trx, link.episode_id);
      const on = (await sql<{ d: string }>`select current_date::text as d`.execute(trx)).rows[0]!.d;
      const administration = await this.care.storeAdministration(trx, pub, ep, def, result, {
        phase: link.phase,
        administeredOn: on,
        responses,
        source: 'form',
        language: link.language,
        administeredBy: null,
      });
      await trx
        .updateTable('form_link')
        .set({ used_at: sql`now()`, administration_id: administration.id })
        .where('id', '=', link.id)
        .execute();
      await recordAudit(trx, pub, {
        action: 'care.form.submit',
        targetType: 'form_link',
        targetId: link.id,
        centerId: link.center_id,
        details: { episodeId: link.episode_id, instrument: def.code },
      });
    });
  }

  private async usable(trx: Parameters<Parameters<typeof tx>[1]>[0], token: string, lock: boolean) {
    const link = await trx
      .selectFrom('form_link')
      .selectAll()
      .where('token_hash', '=', sha256Hex(token))
      .$if(lock, (qb) => qb.forUpdate())
      .executeTakeFirst();
    if (!link) throw AppError.notFound('The form');
    const status = formLinkStatus(link);
    if (status !== 'open')
      throw new AppError('GONE', GONE_MESSAGE[status], [{ path: 'token', message: status }]);
    return link;
  }
}

/**
 * The form is answered by whoever holds the link, signed in or not: it reads and uses its link by
 * token hash in system scope, and the audit log records the answer as anonymous.
 */
function anonymous(ctx: Ctx): Ctx {
  return { ...ctx, actor: null };
}

/** The questions in one language, grouped by section, with nothing about the child. */
export function publicForm(
  def: InstrumentDefinition,
  language: 'en' | 'es',
  respondent: 'youth' | 'caregiver',
  expiresAt: Date,
): S.PublicForm {
  const sets = new Map(def.responseSets.map((s) => [s.id, s]));
  const sections: S.PublicForm['sections'] = [];
  for (const item of def.items) {
    let section = sections[sections.length - 1];
    if (!section || section.code !== item.section) {
      section = { code: item.section, items: [] };
      sections.push(section);
    }
    section.items.push({
      id: item.id,
      number: item.number,
      text: pick(item.text, language)!,
      options: (sets.get(item.responseSet)?.options ?? []).map((o) => ({
        value: o.value,
        label: pick(o.label, language)!,
      })),
    });
  }
  return {
    instrument: def.code,
    title: pick(def.name, language)!,
    instructions: pick(def.instructions, language),
    recall: pick(def.recall, language),
    language,
    respondent,
    expiresAt: expiresAt.toISOString(),
    sections,
  };
}
