/**
 * Importing care data from CSV: episodes, sessions and administrations exported from a center's
 * case-tracking system, through the upload page, the API or `waymark import`.
 *
 * The import runs in two passes:
 *   1. check: the header is mapped (identifier columns refuse the file before a row is read), then
 *      every row is checked against the reference data and the episodes it names, a chunk at a
 *      time; nothing is written;
 *   2. write: only when no row was rejected, the checked rows are written a chunk at a time, each
 *      chunk in its own committed transaction, keyed by their natural keys so a re-run changes
 *      nothing.
 * So a file with a rejected row applies nothing, and a long import never holds one transaction (on
 * PGlite, the only connection) for its whole length. Row-level security decides reach: every query
 * runs in the caller's scope, so a director reads and writes their own center's episodes only.
 */
import { Readable } from 'node:stream';
import type { Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import { recordAudit } from '../../platform/audit.js';
import { tx, type Ctx } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import {
  CareImportFileError,
  CareRowChecker,
  ImportFileError,
  findIdentifierColumns,
  identifierRefusal,
  normaliseHeader,
  openCsv,
  planColumns,
  problemsToCsv,
  templateCsv,
  type CareImportRows,
  type CareLookups,
  type CsvFile,
  type CsvRecord,
  type EpisodeRef,
  type ModelRef,
} from './care-import.js';
import * as repo from './care-import.repo.js';
import type { CareImportKind, TCareImportReport } from './care-import.schemas.js';
import { getInstrument, withCutoff } from './instruments/index.js';
import type { InstrumentDefinition } from './instruments/types.js';
import { scoreTotal, type ScoreOutcome } from './scoring.js';

type Trx = Transaction<DB>;

export interface CareImportOptions {
  source: 'cli' | 'upload';
  filename?: string | null | undefined;
  /** The center of a file without a center column, or of rows whose center cell is empty. */
  centerId?: string | null | undefined;
  /** Header of the file -> field ('' or "ignore" to ignore a column); wins over the known names. */
  mapping?: Readonly<Record<string, string>> | undefined;
  /** Check everything and count what would change; write nothing. */
  dryRun?: boolean | undefined;
  /** Rows per written chunk: each is one committed transaction (default 10,000). */
  chunkSize?: number | undefined;
  /** Chunks written at once on PostgreSQL (default 2); PGlite has one connection and writes one. */
  writers?: number | undefined;
  /** Problems kept in the report; every rejected row is counted either way. */
  maxProblems?: number | undefined;
  /** Bytes of the file read so far (the check pass streams the file). */
  onBytes?: ((bytes: number) => void) | undefined;
  /** Rows checked, then rows written, out of the total known so far. */
  onProgress?: ((stage: 'checking' | 'writing', done: number, total: number) => void) | undefined;
}

const DEFAULT_CHUNK = 10_000;
/**
 * Rows read and checked together: the episodes they name are looked up in one query. Larger than
 * a written chunk, because every lookup is a round trip and a transaction.
 */
const READ_BATCH = 20_000;
const DEFAULT_MAX_PROBLEMS = 10_000;
/** Problems stored with the import record, for the error report download. */
const STORED_PROBLEMS = 10_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const FOREIGN_KEY_VIOLATION = '23503';

/** The kind of an import record, as stored: care kinds share import_batch with the centers import. */
export function batchKind(kind: CareImportKind): string {
  return `care.${kind}`;
}

/** Which centers the caller may import for: all, or the ones they direct. */
type Reach = { all: true } | { all: false; centerIds: readonly string[] };

function reachOf(ctx: Ctx): Reach {
  const actor = ctx.actor;
  if (!actor || actor.scope.allCenters) return { all: true };
  const centerIds = actor.scope.manageCenterIds ?? [];
  if (centerIds.length === 0)
    throw AppError.forbidden('Care data is imported by a center director or a network administrator.');
  return { all: false, centerIds };
}

function inReach(reach: Reach, centerId: string): boolean {
  return reach.all || reach.centerIds.includes(centerId);
}

function pgCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

class ChunkRollback extends Error {
  constructor(readonly counts: repo.WriteCounts) {
    super('dry run');
  }
}

function toReadable(input: Readable | string | Buffer): Readable {
  if (typeof input === 'string') return Readable.from([Buffer.from(input, 'utf8')]);
  if (Buffer.isBuffer(input)) return Readable.from([input]);
  return input;
}

/** Chunks written at once on PostgreSQL. */
const WRITERS = 2;

/** Checked rows ready to write: their size, first line and the statement that writes them. */
interface PreparedChunk {
  size: number;
  firstLine: number;
  write(trx: Trx): Promise<repo.WriteCounts>;
}

function prepareChunk<K extends CareImportKind>(
  kind: K,
  rows: CareImportRows[K][],
  actorId: string | null,
): PreparedChunk {
  const firstLine = rows[0]?.line ?? 0;
  if (kind === 'administrations') {
    const columns = repo.administrationColumns(rows as CareImportRows['administrations'][]);
    return { size: rows.length, firstLine, write: (trx) => repo.upsertAdministrations(trx, columns) };
  }
  if (kind === 'sessions') {
    const sessions = rows as CareImportRows['sessions'][];
    return { size: rows.length, firstLine, write: (trx) => repo.upsertSessions(trx, sessions, actorId) };
  }
  const episodes = rows as CareImportRows['episodes'][];
  return { size: rows.length, firstLine, write: (trx) => repo.upsertEpisodes(trx, episodes, actorId) };
}

const normaliseName = (name: string) => name.trim().replace(/\s+/g, ' ').toLowerCase();

export class CareImportService {
  /** The header-only template of a kind. */
  template(kind: CareImportKind): { filename: string; body: string } {
    return { filename: `waymark-${kind}-template.csv`, body: templateCsv(kind) };
  }

  /** The problems of an earlier care import as CSV (line, field, message). Another center's: 404. */
  async getErrorReport(ctx: Ctx, importId: string): Promise<{ filename: string; body: string }> {
    reachOf(ctx);
    const batch = await tx(ctx, (trx) =>
      trx
        .selectFrom('import_batch')
        .select(['kind', 'filename', 'rejections'])
        .where('id', '=', importId)
        .where('kind', 'like', 'care.%')
        .executeTakeFirst(),
    );
    if (!batch) throw AppError.notFound('The import');
    const base = (batch.filename ?? batch.kind.replace('care.', '')).replace(/\.csv$/i, '');
    return {
      filename: `${base.replace(/[^\w.-]+/g, '_')}.errors.csv`,
      body: problemsToCsv(batch.rejections),
    };
  }

  /**
   * Imports one file. Refuses it as a whole (400) when it is not usable: identifier columns,
   * missing or doubly-fed columns, not CSV. Otherwise answers with the report: `completed` (or,
   * on a dry run, what would be written), or `rejected` with every problem and nothing written.
   */
  async importFile(
    ctx: Ctx,
    kind: CareImportKind,
    input: Readable | string | Buffer,
    options: CareImportOptions,
  ): Promise<TCareImportReport> {
    const startedAt = new Date();
    const reach = reachOf(ctx);
    const stream = toReadable(input);
    const chunkSize = Math.max(1, options.chunkSize ?? DEFAULT_CHUNK);
    const maxProblems = options.maxProblems ?? DEFAULT_MAX_PROBLEMS;
    const report: TCareImportReport = {
      id: null,
      kind,
      filename: options.filename ?? null,
      dryRun: options.dryRun ?? false,
      status: 'completed',
      totalRows: 0,
      accepted: 0,
      inserted: 0,
      updated: 0,
      unchanged: 0,
      rejected: 0,
      rejections: [],
      problemsTruncated: false,
      columns: [],
      unmapped: [],
      warnings: [],
      chunks: 0,
      startedAt: startedAt.toISOString(),
      finishedAt: null,
    };

    // The center the caller names must be one they may import for; another center is not found.
    const defaultCenterId = options.centerId ?? null;
    if (defaultCenterId !== null) {
      const found = UUID.test(defaultCenterId)
        ? await tx(ctx, (trx) => repo.findCenters(trx, [defaultCenterId]))
        : [];
      if (found.length === 0 || !inReach(reach, defaultCenterId)) {
        stream.destroy();
        throw AppError.notFound('The center');
      }
    }
    const recordCenter = (touched?: ReadonlySet<string>): string | null =>
      defaultCenterId ??
      (touched && touched.size > 0 ? [...touched][0]! : null) ??
      (reach.all ? null : (reach.centerIds[0] ?? null));

    // Header: identifier columns refuse the file before any row is read.
    let file: CsvFile;
    let plan;
    try {
      file = await openCsv(stream, options.onBytes);
      const identifiers = findIdentifierColumns(kind, file.header, options.mapping);
      if (identifiers.length > 0) {
        file.close();
        throw identifierRefusal(identifiers);
      }
      try {
        plan = planColumns(kind, file.header, {
          ...(options.mapping ? { mapping: options.mapping } : {}),
          centerOptional: defaultCenterId !== null,
        });
      } catch (error) {
        file.close();
        throw error;
      }
    } catch (error) {
      if (error instanceof ImportFileError) {
        await this.#refuse(ctx, report, options, recordCenter(), error);
      }
      throw error;
    }
    report.columns = plan.columns;
    report.unmapped = plan.unmapped;
    if (plan.unmapped.length > 0)
      report.warnings.push(
        `Ignored column${plan.unmapped.length > 1 ? 's' : ''} ${plan.unmapped.map((c) => `"${c}"`).join(', ')}: ` +
          'not a column of this kind; map it to a field if it is one.',
      );

    const lookups = await tx(ctx, (trx) => this.#loadLookups(trx, kind, reach, defaultCenterId));
    const checker = new CareRowChecker(kind, plan, lookups.lookups);
    const actorId = ctx.actor?.userId ?? null;
    // The checked rows, a chunk at a time, ready to write (nothing is written before all are checked).
    let chunks: (PreparedChunk | null)[] = [];
    const touched = new Set<string>();

    // Pass 1: check every row. The episodes a batch names are looked up while the batch before it
    // is checked, so the lookups' round trips overlap the checking.
    // Case codes requested so far, by center.
    const requested = new Map<string, Set<string>>();
    const lookUp = (records: CsvRecord[]): Promise<void> => {
      if (kind === 'episodes') return Promise.resolve();
      const wanted: { centerId: string; caseCode: string }[] = [];
      for (const record of records) {
        const key = checker.episodeKey(record);
        if (!key) continue;
        let codes = requested.get(key.centerId);
        if (!codes) requested.set(key.centerId, (codes = new Set()));
        if (codes.has(key.caseCode)) continue;
        codes.add(key.caseCode);
        wanted.push(key);
      }
      if (wanted.length === 0) return Promise.resolve();
      return tx(ctx, (trx) => repo.findEpisodesByKey(trx, wanted)).then((found) => {
        for (const e of found) {
          let byCode = lookups.episodes.get(e.centerId);
          if (!byCode) lookups.episodes.set(e.centerId, (byCode = new Map<string, EpisodeRef>()));
          byCode.set(e.caseCode, e);
        }
      });
    };
    let accepted: CareImportRows[typeof kind][] = [];
    const check = (records: CsvRecord[]) => {
      for (const record of records) {
        const result = checker.check(record);
        if (result.ok) {
          report.accepted++;
          touched.add(result.row.centerId);
          // Once a row is rejected nothing will be written: rows are no longer held, only checked.
          if (report.rejected > 0) continue;
          accepted.push(result.row);
          if (accepted.length >= chunkSize) {
            chunks.push(prepareChunk(kind, accepted, actorId));
            accepted = [];
          }
          continue;
        }
        chunks = [];
        accepted = [];
        report.rejected++;
        for (const problem of result.problems) {
          if (report.rejections.length < maxProblems) report.rejections.push(problem);
          else report.problemsTruncated = true;
        }
      }
      report.totalRows += records.length;
      options.onProgress?.('checking', report.totalRows, report.totalRows);
    };
    try {
      let previous: { records: CsvRecord[]; ready: Promise<void> } | null = null;
      for await (const records of file.batches(Math.max(chunkSize, READ_BATCH))) {
        const ready = lookUp(records);
        // Awaited below; this only keeps an early failure from being reported as unhandled.
        ready.catch(() => undefined);
        if (previous) {
          await previous.ready;
          check(previous.records);
        }
        previous = { records, ready };
      }
      if (previous) {
        await previous.ready;
        check(previous.records);
      }
      if (accepted.length > 0 && report.rejected === 0) chunks.push(prepareChunk(kind, accepted, actorId));
      accepted = [];
    } catch (error) {
      file.close();
      if (error instanceof ImportFileError) await this.#refuse(ctx, report, options, recordCenter(), error);
      throw error;
    }
    if (report.totalRows === 0) report.warnings.push('The file has a header but no rows.');

    if (report.rejected > 0) {
      report.status = 'rejected';
      report.finishedAt = new Date().toISOString();
      return this.#record(ctx, report, options, recordCenter(touched));
    }

    // Pass 2: write, a committed chunk at a time (on a dry run, each chunk is rolled back). On
    // PostgreSQL two chunks are written at once, on two connections: rows of a file have distinct
    // keys, so the chunks never wait for each other. PGlite has one connection.
    const workers =
      ctx.db.engine === 'postgres' ? Math.max(1, Math.min(options.writers ?? WRITERS, chunks.length)) : 1;
    let next = 0;
    let written = 0;
    let failure: { error: unknown; line: number } | null = null;
    const writer = async () => {
      while (failure === null && next < chunks.length) {
        const at = next++;
        const chunk = chunks[at]!;
        try {
          const counts = await this.#writeChunk(ctx, chunk, report.dryRun);
          report.inserted += counts.inserted;
          report.updated += counts.updated;
          report.unchanged += chunk.size - counts.inserted - counts.updated;
          report.chunks++;
          written += chunk.size;
          chunks[at] = null;
          options.onProgress?.('writing', written, report.accepted);
        } catch (error) {
          failure ??= { error, line: chunk.firstLine };
        }
      }
    };
    await Promise.all(Array.from({ length: workers }, writer));
    chunks = [];
    if (failure !== null) {
      const { error, line } = failure as { error: unknown; line: number };
      const why =
        pgCode(error) === FOREIGN_KEY_VIOLATION
          ? 'a row refers to an episode, clinician or center that was removed while the file was imported'
          : 'the database refused a chunk of rows';
      report.status = 'failed';
      report.finishedAt = new Date().toISOString();
      const message =
        `The import stopped at the chunk starting on line ${line}, after ${written} rows were ` +
        `${report.dryRun ? 'checked' : 'written'}: ${why}. ` +
        'Importing the file again completes it: rows already written are matched, not duplicated.';
      report.rejections.push({ line, field: null, message });
      await this.#record(ctx, report, options, recordCenter(touched)).catch(() => undefined);
      if (pgCode(error) === FOREIGN_KEY_VIOLATION) throw AppError.conflict(message);
      throw error;
    }
    report.finishedAt = new Date().toISOString();
    return this.#record(ctx, report, options, recordCenter(touched));
  }

  async #writeChunk(ctx: Ctx, chunk: PreparedChunk, dryRun: boolean): Promise<repo.WriteCounts> {
    try {
      return await tx(ctx, async (trx) => {
        const counts = await chunk.write(trx);
        if (dryRun) throw new ChunkRollback(counts);
        return counts;
      });
    } catch (error) {
      if (error instanceof ChunkRollback) return error.counts;
      throw error;
    }
  }

  /** A file refused as a whole: recorded with the reason, then reported as a 400 naming it. */
  async #refuse(
    ctx: Ctx,
    report: TCareImportReport,
    options: CareImportOptions,
    centerId: string | null,
    error: ImportFileError,
  ): Promise<never> {
    const refused: TCareImportReport = {
      ...report,
      status: 'rejected',
      rejections: [{ line: error.line ?? 0, field: null, message: error.message }],
      finishedAt: new Date().toISOString(),
    };
    await this.#record(ctx, refused, options, centerId);
    const details =
      error instanceof CareImportFileError && error.details.length > 0
        ? error.details
        : [{ path: error.line ? `file (line ${error.line})` : 'file', message: error.message }];
    throw AppError.validation(details, error.message);
  }

  /** Stores the import record and audits it (counts only, never content); returns the report with its id. */
  async #record(
    ctx: Ctx,
    report: TCareImportReport,
    options: CareImportOptions,
    centerId: string | null,
  ): Promise<TCareImportReport> {
    const id = await tx(ctx, async (trx) => {
      const row = await trx
        .insertInto('import_batch')
        .values({
          kind: batchKind(report.kind),
          source: options.source,
          filename: report.filename,
          center_id: centerId,
          actor_user_id: ctx.actor?.userId ?? null,
          dry_run: report.dryRun,
          status: report.status,
          total_rows: report.totalRows,
          inserted: report.inserted,
          updated: report.updated,
          unchanged: report.unchanged,
          rejected: report.rejected,
          rejections: JSON.stringify(report.rejections.slice(0, STORED_PROBLEMS)),
          started_at: report.startedAt,
          finished_at: report.finishedAt,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      if (!report.dryRun) {
        await recordAudit(trx, ctx, {
          action: 'care.import',
          outcome: report.status === 'completed' ? 'success' : 'failure',
          targetType: 'import_batch',
          targetId: row.id,
          centerId,
          details: {
            kind: report.kind,
            source: options.source,
            status: report.status,
            totalRows: report.totalRows,
            inserted: report.inserted,
            updated: report.updated,
            unchanged: report.unchanged,
            rejected: report.rejected,
          },
        });
      }
      return row.id;
    });
    return { ...report, id };
  }

  async #loadLookups(
    trx: Trx,
    kind: CareImportKind,
    reach: Reach,
    defaultCenterId: string | null,
  ): Promise<{ lookups: CareLookups; episodes: Map<string, Map<string, EpisodeRef>> }> {
    const centers = await repo.findCenters(trx, null);
    const reachable = centers.filter((c) => inReach(reach, c.id)).map((c) => c.id);
    const [models, enabled, clinicians, cutoffs] = await Promise.all([
      repo.findModels(trx),
      repo.findEnabledInstruments(trx, reachable),
      kind === 'episodes' ? repo.findActiveClinicians(trx, reachable) : Promise.resolve([]),
      repo.findCutoffs(trx),
    ]);

    const byId = new Map(centers.map((c) => [c.id, c]));
    const byName = new Map<string, typeof centers>();
    for (const c of centers) {
      const key = normaliseName(c.name);
      byName.set(key, [...(byName.get(key) ?? []), c]);
    }
    const centerCache = new Map<string, { id: string } | { problem: string }>();
    const resolveCenter = (cell: string): { id: string } | { problem: string } => {
      let found: typeof centers;
      if (UUID.test(cell)) {
        const c = byId.get(cell.toLowerCase());
        found = c ? [c] : [];
      } else {
        const withState = /^(.*\S)\s*\(([A-Za-z]{2})\)$/.exec(cell);
        found = withState
          ? (byName.get(normaliseName(withState[1]!)) ?? []).filter(
              (c) => c.state === withState[2]!.toUpperCase(),
            )
          : (byName.get(normaliseName(cell)) ?? []);
      }
      if (found.length === 0)
        return { problem: 'names no center of the network (give its id or exact name)' };
      if (found.length > 1)
        return {
          problem: `names ${found.length} centers; write it as "Name (ST)" with the state, or give the id`,
        };
      const id = found[0]!.id;
      if (!inReach(reach, id)) return { problem: 'is a center you may not import for' };
      return { id };
    };

    const modelRefs: ModelRef[] = models.map((m) => {
      const components = new Map<string, string>();
      for (const c of m.components ?? []) {
        components.set(normaliseHeader(c.code), c.code);
        components.set(normaliseHeader(c.name), c.code);
      }
      return { id: m.id, code: m.code, components };
    });
    const modelByWord = new Map<string, ModelRef>();
    for (const [i, m] of modelRefs.entries()) {
      modelByWord.set(normaliseHeader(m.code), m);
      modelByWord.set(normaliseHeader(models[i]!.name), m);
    }
    const modelById = new Map(modelRefs.map((m) => [m.id, m]));

    const cliniciansByCenter = new Map<string, Map<string, string>>();
    for (const c of clinicians) {
      let map = cliniciansByCenter.get(c.center_id);
      if (!map) cliniciansByCenter.set(c.center_id, (map = new Map<string, string>()));
      map.set(c.email, c.user_id);
    }
    const enabledSet = new Set(enabled.map((e) => `${e.center_id}|${e.instrument}`));

    const instrumentCache = new Map<string, InstrumentDefinition | null>();
    const instrument = (code: string): InstrumentDefinition | null => {
      let def = instrumentCache.get(code);
      if (def === undefined) {
        const base = getInstrument(code) ?? null;
        const cutoff = base ? cutoffs[base.code] : undefined;
        def = base && cutoff !== undefined ? safeCutoff(base, cutoff) : base;
        instrumentCache.set(code, def);
      }
      return def;
    };
    // Totals are few and repeat across a file: each is scored once per instrument.
    const scoreCache = new Map<InstrumentDefinition, Map<number, ScoreOutcome>>();
    const score = (def: InstrumentDefinition, total: number): ScoreOutcome => {
      let byTotal = scoreCache.get(def);
      if (!byTotal) scoreCache.set(def, (byTotal = new Map<number, ScoreOutcome>()));
      let outcome = byTotal.get(total);
      if (!outcome) byTotal.set(total, (outcome = scoreTotal(def, total)));
      return outcome;
    };

    // Episodes found so far, by center and case code (filled a batch at a time by the caller).
    const episodes = new Map<string, Map<string, EpisodeRef>>();
    const lookups: CareLookups = {
      today: new Date().toISOString().slice(0, 10),
      defaultCenterId,
      center: (cell) => {
        let r = centerCache.get(cell);
        if (!r) centerCache.set(cell, (r = resolveCenter(cell)));
        return r;
      },
      clinicianId: (centerId, email) => cliniciansByCenter.get(centerId)?.get(email) ?? null,
      model: (cell) => modelByWord.get(normaliseHeader(cell)) ?? null,
      modelById: (id) => modelById.get(id) ?? null,
      episode: (centerId, caseCode) => episodes.get(centerId)?.get(caseCode) ?? null,
      instrument,
      instrumentEnabled: (centerId, def) =>
        !def.requiresEnablement || enabledSet.has(`${centerId}|${def.code}`),
      score,
    };
    return { lookups, episodes };
  }
}

/** The network's chosen cut-off when the definition supports it; the default otherwise. */
function safeCutoff(def: InstrumentDefinition, cutoff: number): InstrumentDefinition {
  try {
    return withCutoff(def, cutoff);
  } catch {
    return def;
  }
}
