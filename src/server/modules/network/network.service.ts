/**
 * The center network: centers, state chapters, the directory summary and CSV import of centers.
 *
 * The directory of centers (name, place, member type, accreditation) is public network
 * information: every signed-in network role may read it. Writing is for network administrators.
 */
import { sql, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import { recordAudit } from '../../platform/audit.js';
import { hasRole, tx, type Ctx } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { ImportFileError, parseCentersCsv, type CenterImportRow } from './centers-import.js';
import { toCenter } from './network.mapper.js';
import * as repo from './network.repo.js';
import type {
  TCenter,
  TCenterDetail,
  TCenterListQuery,
  TChapter,
  TCreateCenterRequest,
  TImportBatch,
  TImportReport,
  TNetworkSummary,
  TUpdateCenterRequest,
} from './network.schemas.js';

type Trx = Transaction<DB>;

const UNIQUE_VIOLATION = '23505';
const FOREIGN_KEY_VIOLATION = '23503';

function isPgError(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: string }).code === code;
}

class DryRunRollback extends Error {
  constructor(readonly report: TImportReport) {
    super('dry run');
  }
}

export interface ImportOptions {
  filename?: string | null | undefined;
  source: 'cli' | 'upload';
  dryRun?: boolean;
  /** All or nothing: when any row is rejected, nothing is written. */
  strict?: boolean;
  onProgress?: (done: number, total: number) => void;
  chunkSize?: number;
}

/** What the network overview needs from the identity module. */
export interface PeopleSummary {
  summarizePeople(
    ctx: Ctx,
  ): Promise<{ byRole: { role: string; count: number }[]; withoutMfa: number; pendingInvitations: number }>;
}

export class NetworkService {
  constructor(private readonly people: PeopleSummary) {}

  async findCenters(
    ctx: Ctx,
    query: TCenterListQuery,
  ): Promise<{ items: TCenter[]; total: number; page: number; pageSize: number }> {
    return tx(ctx, async (trx) => {
      const { rows, total } = await repo.findCenters(trx, query);
      return { items: rows.map(toCenter), total, page: query.page, pageSize: query.pageSize };
    });
  }

  async getCenter(ctx: Ctx, id: string): Promise<TCenterDetail> {
    return tx(ctx, async (trx) => {
      const row = await repo.findCenterById(trx, id);
      if (!row) throw AppError.notFound('The center');
      const member = ctx.actor?.scope.allCenters || ctx.actor?.scope.centerIds?.includes(id);
      return {
        ...toCenter(row),
        staffCount: member ? await repo.countActiveStaff(trx, id) : null,
        createdAt: row.created_at.toISOString(),
      };
    });
  }

  async createCenter(ctx: Ctx, input: TCreateCenterRequest): Promise<TCenterDetail> {
    const id = await tx(ctx, async (trx) => {
      await this.#assertChapter(trx, input.chapterId ?? null, input.state);
      try {
        const row = await trx
          .insertInto('center')
          .values({
            name: input.name,
            state: input.state,
            county: input.county,
            zip3: input.zip3,
            member_type: input.memberType,
            accredited_on: input.accreditedOn ?? null,
            accreditation_expires_on: input.accreditationExpiresOn ?? null,
            chapter_id: input.chapterId ?? null,
            active: input.active ?? true,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await recordAudit(trx, ctx, {
          action: 'center.create',
          targetType: 'center',
          targetId: row.id,
          centerId: row.id,
          details: { name: input.name, state: input.state },
        });
        return row.id;
      } catch (error) {
        if (isPgError(error, UNIQUE_VIOLATION)) {
          throw AppError.conflict(`A center named "${input.name}" already exists in ${input.state}.`, 'name');
        }
        throw error;
      }
    });
    return this.getCenter(ctx, id);
  }

  async updateCenter(ctx: Ctx, id: string, input: TUpdateCenterRequest): Promise<TCenterDetail> {
    await tx(ctx, async (trx) => {
      const before = await repo.findCenterById(trx, id);
      if (!before) throw AppError.notFound('The center');
      const state = input.state ?? before.state;
      const chapterId = input.chapterId !== undefined ? input.chapterId : before.chapter_id;
      await this.#assertChapter(trx, chapterId, state);
      const accreditedOn = input.accreditedOn !== undefined ? input.accreditedOn : before.accredited_on;
      const expiresOn =
        input.accreditationExpiresOn !== undefined
          ? input.accreditationExpiresOn
          : before.accreditation_expires_on;
      if (accreditedOn && expiresOn && expiresOn <= accreditedOn) {
        throw AppError.validation([
          { path: 'accreditationExpiresOn', message: 'must be after the accreditation date' },
        ]);
      }
      const changes: Record<string, unknown> = {};
      const set = {
        ...(input.name !== undefined && { name: input.name }),
        ...(input.state !== undefined && { state: input.state }),
        ...(input.county !== undefined && { county: input.county }),
        ...(input.zip3 !== undefined && { zip3: input.zip3 }),
        ...(input.memberType !== undefined && { member_type: input.memberType }),
        ...(input.accreditedOn !== undefined && { accredited_on: input.accreditedOn }),
        ...(input.accreditationExpiresOn !== undefined && {
          accreditation_expires_on: input.accreditationExpiresOn,
        }),
        ...(input.chapterId !== undefined && { chapter_id: input.chapterId }),
        ...(input.active !== undefined && { active: input.active }),
      };
      for (const [key, value] of Object.entries(set)) {
        const old = (before as unknown as Record<string, unknown>)[key];
        if (old !== value) changes[key] = { from: old, to: value };
      }
      if (Object.keys(changes).length === 0) return;
      try {
        await trx
          .updateTable('center')
          .set({ ...set, updated_at: new Date() })
          .where('id', '=', id)
          .execute();
      } catch (error) {
        if (isPgError(error, UNIQUE_VIOLATION)) {
          throw AppError.conflict(`A center with that name already exists in ${state}.`, 'name');
        }
        throw error;
      }
      await recordAudit(trx, ctx, {
        action: 'center.update',
        targetType: 'center',
        targetId: id,
        centerId: id,
        details: changes,
      });
    });
    return this.getCenter(ctx, id);
  }

  async #assertChapter(trx: Trx, chapterId: string | null, state: string): Promise<void> {
    if (!chapterId) return;
    const chapter = await trx
      .selectFrom('chapter')
      .select(['id', 'state'])
      .where('id', '=', chapterId)
      .executeTakeFirst();
    if (!chapter) throw AppError.validation([{ path: 'chapterId', message: 'is not a known chapter' }]);
    if (chapter.state !== state) {
      throw AppError.validation([
        { path: 'chapterId', message: `is the chapter of ${chapter.state}, not of ${state}` },
      ]);
    }
  }

  // Chapters ----------------------------------------------------------------------------------------

  async findChapters(ctx: Ctx): Promise<TChapter[]> {
    return tx(ctx, async (trx) =>
      (await repo.findChapters(trx)).map((c) => ({
        id: c.id,
        name: c.name,
        state: c.state,
        centerCount: Number(c.center_count ?? 0),
      })),
    );
  }

  async createChapter(ctx: Ctx, input: { name: string; state: string }): Promise<TChapter> {
    return tx(ctx, async (trx) => {
      try {
        const row = await trx
          .insertInto('chapter')
          .values(input)
          .returning(['id', 'name', 'state'])
          .executeTakeFirstOrThrow();
        await recordAudit(trx, ctx, {
          action: 'chapter.create',
          targetType: 'chapter',
          targetId: row.id,
          details: input,
        });
        return { ...row, centerCount: 0 };
      } catch (error) {
        if (isPgError(error, UNIQUE_VIOLATION))
          throw AppError.conflict(`${input.state} already has a chapter named "${input.name}".`, 'name');
        throw error;
      }
    });
  }

  async updateChapter(
    ctx: Ctx,
    id: string,
    input: { name?: string | undefined; state?: string | undefined },
  ): Promise<TChapter> {
    return tx(ctx, async (trx) => {
      const before = await trx.selectFrom('chapter').selectAll().where('id', '=', id).executeTakeFirst();
      if (!before) throw AppError.notFound('The chapter');
      if (input.state && input.state !== before.state) {
        const linked = await trx
          .selectFrom('center')
          .select('id')
          .where('chapter_id', '=', id)
          .limit(1)
          .executeTakeFirst();
        if (linked)
          throw AppError.conflict(
            'Centers belong to this chapter; move them before changing its state.',
            'state',
          );
      }
      try {
        await trx
          .updateTable('chapter')
          .set({ ...input, updated_at: new Date() })
          .where('id', '=', id)
          .execute();
      } catch (error) {
        if (isPgError(error, UNIQUE_VIOLATION))
          throw AppError.conflict('That state already has a chapter with this name.', 'name');
        throw error;
      }
      await recordAudit(trx, ctx, {
        action: 'chapter.update',
        targetType: 'chapter',
        targetId: id,
        details: input,
      });
      const chapters = await repo.findChapters(trx);
      const c = chapters.find((x) => x.id === id)!;
      return { id: c.id, name: c.name, state: c.state, centerCount: Number(c.center_count ?? 0) };
    });
  }

  // Summary -----------------------------------------------------------------------------------------

  async summary(ctx: Ctx): Promise<TNetworkSummary> {
    const people = hasRole(ctx.actor, 'network_admin') ? await this.people.summarizePeople(ctx) : null;
    return tx(ctx, async (trx) => {
      const s = await repo.summarizeCenters(trx);
      return {
        centers: {
          total: s.totals.total,
          active: s.totals.active,
          states: s.totals.states,
          byMemberType: s.byMemberType.map((r) => ({
            memberType: r.member_type as TCenter['memberType'],
            count: r.count,
          })),
          byState: s.byState,
          accreditationExpiringWithinYear: s.totals.expiring,
          accreditationExpired: s.totals.expired,
        },
        chapters: s.totals.chapters,
        people,
      };
    });
  }

  // Import ------------------------------------------------------------------------------------------

  /**
   * Imports centers from CSV. Valid rows are inserted or updated by their natural key (state, name);
   * invalid rows are reported with line, field and reason. The whole import is one transaction: if
   * anything fails, nothing is written. With `strict`, any rejected row leaves everything unwritten;
   * with `dryRun`, the report is computed and everything rolled back.
   */
  async importCenters(ctx: Ctx, text: string, options: ImportOptions): Promise<TImportReport> {
    const startedAt = new Date();
    let parsed;
    try {
      parsed = parseCentersCsv(text);
    } catch (error) {
      if (error instanceof ImportFileError) {
        // The refused attempt is recorded too, with the reason, before it is reported.
        await this.#recordBatch(
          ctx,
          {
            id: null,
            kind: 'centers',
            filename: options.filename ?? null,
            dryRun: options.dryRun ?? false,
            status: 'rejected',
            totalRows: 0,
            inserted: 0,
            updated: 0,
            unchanged: 0,
            rejected: 0,
            rejections: [{ line: error.line ?? 0, field: null, message: error.message }],
            warnings: [],
            chaptersCreated: [],
            startedAt: startedAt.toISOString(),
            finishedAt: new Date().toISOString(),
          },
          options,
        );
        throw AppError.validation(
          [{ path: error.line ? `file (line ${error.line})` : 'file', message: error.message }],
          error.message,
        );
      }
      throw error;
    }
    const base: TImportReport = {
      id: null,
      kind: 'centers',
      filename: options.filename ?? null,
      dryRun: options.dryRun ?? false,
      status: 'completed',
      totalRows: parsed.totalRows,
      inserted: 0,
      updated: 0,
      unchanged: 0,
      rejected: parsed.rejections.length > 0 ? new Set(parsed.rejections.map((r) => r.line)).size : 0,
      rejections: parsed.rejections,
      warnings: parsed.warnings,
      chaptersCreated: [],
      startedAt: startedAt.toISOString(),
      finishedAt: null,
    };
    if (options.strict && parsed.rejections.length > 0) {
      const report: TImportReport = { ...base, status: 'rejected', finishedAt: new Date().toISOString() };
      return this.#recordBatch(ctx, report, options);
    }
    try {
      return await tx(ctx, async (trx) => {
        const report = { ...base };
        const chapterIds = await this.#resolveChapters(trx, parsed.rows, report);
        const chunkSize = options.chunkSize ?? 500;
        for (let i = 0; i < parsed.rows.length; i += chunkSize) {
          const chunk = parsed.rows.slice(i, i + chunkSize);
          const result = await this.#upsertChunk(trx, chunk, chapterIds);
          report.inserted += result.inserted;
          report.updated += result.updated;
          report.unchanged += chunk.length - result.inserted - result.updated;
          options.onProgress?.(Math.min(i + chunkSize, parsed.rows.length), parsed.rows.length);
        }
        report.finishedAt = new Date().toISOString();
        if (options.dryRun) throw new DryRunRollback(report);
        const id = await this.#insertBatch(trx, ctx, report, options);
        await recordAudit(trx, ctx, {
          action: 'center.import',
          targetType: 'import_batch',
          targetId: id,
          details: {
            filename: report.filename,
            inserted: report.inserted,
            updated: report.updated,
            unchanged: report.unchanged,
            rejected: report.rejected,
            chaptersCreated: report.chaptersCreated,
          },
        });
        return { ...report, id };
      });
    } catch (error) {
      if (error instanceof DryRunRollback) return this.#recordBatch(ctx, error.report, options);
      // Nothing was written. Keep a record of the failed attempt, then report it.
      const failed: TImportReport = { ...base, status: 'failed', finishedAt: new Date().toISOString() };
      await this.#recordBatch(ctx, failed, options).catch(() => undefined);
      if (isPgError(error, FOREIGN_KEY_VIOLATION))
        throw AppError.conflict('The import refers to a chapter that no longer exists.');
      throw error;
    }
  }

  async #resolveChapters(
    trx: Trx,
    rows: CenterImportRow[],
    report: TImportReport,
  ): Promise<Map<string, string>> {
    const wanted = new Map<string, { state: string; name: string }>();
    for (const r of rows) {
      if (!r.chapter) continue;
      // A new chapter takes the spelling of the first row that names it.
      const key = `${r.state}|${r.chapter.toLowerCase()}`;
      if (!wanted.has(key)) wanted.set(key, { state: r.state, name: r.chapter });
    }
    const ids = new Map<string, string>();
    if (wanted.size === 0) return ids;
    const existing = await trx.selectFrom('chapter').select(['id', 'name', 'state']).execute();
    for (const c of existing) ids.set(`${c.state}|${c.name.toLowerCase()}`, c.id);
    for (const [key, c] of wanted) {
      if (ids.has(key)) continue;
      const row = await trx.insertInto('chapter').values(c).returning('id').executeTakeFirstOrThrow();
      ids.set(key, row.id);
      report.chaptersCreated.push(`${c.name} (${c.state})`);
    }
    return ids;
  }

  async #upsertChunk(
    trx: Trx,
    rows: CenterImportRow[],
    chapterIds: Map<string, string>,
  ): Promise<{ inserted: number; updated: number }> {
    const result = await trx
      .insertInto('center')
      .values(
        rows.map((r) => ({
          name: r.name,
          state: r.state,
          county: r.county,
          zip3: r.zip3,
          member_type: r.memberType,
          accredited_on: r.accreditedOn,
          accreditation_expires_on: r.accreditationExpiresOn,
          chapter_id: r.chapter ? (chapterIds.get(`${r.state}|${r.chapter.toLowerCase()}`) ?? null) : null,
          active: r.active,
        })),
      )
      .onConflict((oc) =>
        oc
          .expression(sql`state, lower(name)`)
          .doUpdateSet((eb) => ({
            name: eb.ref('excluded.name'),
            county: eb.ref('excluded.county'),
            zip3: eb.ref('excluded.zip3'),
            member_type: eb.ref('excluded.member_type'),
            accredited_on: eb.ref('excluded.accredited_on'),
            accreditation_expires_on: eb.ref('excluded.accreditation_expires_on'),
            chapter_id: eb.ref('excluded.chapter_id'),
            active: eb.ref('excluded.active'),
            updated_at: sql`now()`,
          }))
          .where(
            sql<boolean>`(center.name, center.county, center.zip3, center.member_type, center.accredited_on,
                          center.accreditation_expires_on, center.chapter_id, center.active)
              is distinct from (excluded.name, excluded.county, excluded.zip3, excluded.member_type, excluded.accredited_on,
                          excluded.accreditation_expires_on, excluded.chapter_id, excluded.active)`,
          ),
      )
      .returning(sql<boolean>`(xmax = 0)`.as('inserted'))
      .execute();
    const inserted = result.filter((r) => r.inserted).length;
    return { inserted, updated: result.length - inserted };
  }

  async #insertBatch(trx: Trx, ctx: Ctx, report: TImportReport, options: ImportOptions): Promise<string> {
    const row = await trx
      .insertInto('import_batch')
      .values({
        kind: report.kind,
        source: options.source,
        filename: report.filename,
        actor_user_id: ctx.actor?.userId ?? null,
        dry_run: report.dryRun,
        status: report.status,
        total_rows: report.totalRows,
        inserted: report.inserted,
        updated: report.updated,
        unchanged: report.unchanged,
        rejected: report.rejected,
        rejections: JSON.stringify(report.rejections.slice(0, 5000)),
        started_at: report.startedAt,
        finished_at: report.finishedAt,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  async #recordBatch(ctx: Ctx, report: TImportReport, options: ImportOptions): Promise<TImportReport> {
    const id = await tx(ctx, (trx) => this.#insertBatch(trx, ctx, report, options));
    return { ...report, id };
  }

  async findImports(ctx: Ctx, limit = 50): Promise<TImportBatch[]> {
    return tx(ctx, async (trx) => {
      const rows = await trx
        .selectFrom('import_batch as b')
        .leftJoin('app_user as u', 'u.id', 'b.actor_user_id')
        .selectAll('b')
        .select('u.display_name as actor_name')
        .orderBy('b.started_at', 'desc')
        .limit(limit)
        .execute();
      return rows.map((b) => ({
        id: b.id,
        kind: b.kind,
        filename: b.filename,
        dryRun: b.dry_run,
        status: b.status,
        totalRows: b.total_rows,
        inserted: b.inserted,
        updated: b.updated,
        unchanged: b.unchanged,
        rejected: b.rejected,
        rejections: b.rejections,
        startedAt: b.started_at.toISOString(),
        finishedAt: b.finished_at?.toISOString() ?? null,
        actorName: b.actor_name,
        source: b.source,
      }));
    });
  }
}
