/**
 * The learning catalog: treatment models and courses. Network reference data, read by every
 * network role and written by network administrators. Codes are unique (409 naming the field);
 * a course's prerequisites must exist and may not lead back to the course itself.
 */
import { sql } from 'kysely';
import { recordAudit } from '../../platform/audit.js';
import { tx, type Ctx } from '../../platform/context.js';
import { AppError, type ErrorDetail } from '../../platform/errors.js';
import { uuidArray } from '../../platform/sql.js';
import { isUniqueViolation, type Trx } from './learning.access.js';
import { toCourse, toTrainingModel } from './learning.mapper.js';
import * as repo from './learning.repo.js';
import type {
  TCourse,
  TCourseListQuery,
  TCreateCourseRequest,
  TCreateTrainingModelRequest,
  TTrainingModel,
  TTrainingModelListQuery,
  TUpdateCourseRequest,
  TUpdateTrainingModelRequest,
} from './learning.schemas.js';

/** Field-by-field differences, for the audit log. */
function diff(before: Record<string, unknown>, set: Record<string, unknown>): Record<string, unknown> {
  const changes: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(set)) {
    const old = before[key];
    if (JSON.stringify(old) !== JSON.stringify(value)) changes[key] = { from: old, to: value };
  }
  return changes;
}

export class CatalogService {
  // Treatment models -----------------------------------------------------------------------------

  async findTrainingModels(
    ctx: Ctx,
    query: TTrainingModelListQuery,
  ): Promise<{ items: TTrainingModel[]; total: number }> {
    return tx(ctx, async (trx) => {
      const rows = await repo.findTrainingModels(trx, query.q);
      return { items: rows.map(toTrainingModel), total: rows.length };
    });
  }

  async getTrainingModel(ctx: Ctx, id: string): Promise<TTrainingModel> {
    return tx(ctx, async (trx) => {
      const row = await repo.findTrainingModelById(trx, id);
      if (!row) throw AppError.notFound('The treatment model');
      return toTrainingModel(row);
    });
  }

  async createTrainingModel(ctx: Ctx, input: TCreateTrainingModelRequest): Promise<TTrainingModel> {
    return tx(ctx, async (trx) => {
      const taken = await trx
        .selectFrom('training_model')
        .select('id')
        .where('code', '=', input.code)
        .executeTakeFirst();
      if (taken)
        throw AppError.conflict(`A treatment model with the code ${input.code} already exists.`, 'code');
      let id: string;
      try {
        id = (
          await trx
            .insertInto('training_model')
            .values({
              code: input.code,
              name: input.name,
              description: input.description,
              components: JSON.stringify(input.components),
              min_age: input.minAge ?? null,
              max_age: input.maxAge ?? null,
            })
            .returning('id')
            .executeTakeFirstOrThrow()
        ).id;
      } catch (error) {
        if (isUniqueViolation(error))
          throw AppError.conflict(`A treatment model with the code ${input.code} already exists.`, 'code');
        throw error;
      }
      await recordAudit(trx, ctx, {
        action: 'training_model.create',
        targetType: 'training_model',
        targetId: id,
        details: { code: input.code, name: input.name },
      });
      return toTrainingModel((await repo.findTrainingModelById(trx, id))!);
    });
  }

  async updateTrainingModel(
    ctx: Ctx,
    id: string,
    input: TUpdateTrainingModelRequest,
  ): Promise<TTrainingModel> {
    return tx(ctx, async (trx) => {
      const before = await repo.findTrainingModelById(trx, id);
      if (!before) throw AppError.notFound('The treatment model');
      const minAge = input.minAge !== undefined ? input.minAge : before.min_age;
      const maxAge = input.maxAge !== undefined ? input.maxAge : before.max_age;
      if (minAge !== null && maxAge !== null && minAge > maxAge)
        throw AppError.validation([
          { path: 'maxAge', message: `must not be below the minimum age (${minAge})` },
        ]);
      if (input.code !== undefined && input.code !== before.code) {
        const taken = await trx
          .selectFrom('training_model')
          .select('id')
          .where('code', '=', input.code)
          .executeTakeFirst();
        if (taken)
          throw AppError.conflict(`A treatment model with the code ${input.code} already exists.`, 'code');
      }
      const set = {
        ...(input.code !== undefined && { code: input.code }),
        ...(input.name !== undefined && { name: input.name }),
        ...(input.description !== undefined && { description: input.description }),
        ...(input.minAge !== undefined && { min_age: input.minAge }),
        ...(input.maxAge !== undefined && { max_age: input.maxAge }),
      };
      const changes = diff(before, set);
      if (
        input.components !== undefined &&
        JSON.stringify(input.components) !== JSON.stringify(before.components)
      )
        changes.components = { from: before.components, to: input.components };
      if (Object.keys(changes).length === 0) return toTrainingModel(before);
      try {
        await trx
          .updateTable('training_model')
          .set({
            ...set,
            ...(input.components !== undefined && { components: JSON.stringify(input.components) }),
            updated_at: new Date(),
          })
          .where('id', '=', id)
          .execute();
      } catch (error) {
        if (isUniqueViolation(error))
          throw AppError.conflict(`A treatment model with the code ${input.code} already exists.`, 'code');
        throw error;
      }
      await recordAudit(trx, ctx, {
        action: 'training_model.update',
        targetType: 'training_model',
        targetId: id,
        details: changes,
      });
      return toTrainingModel((await repo.findTrainingModelById(trx, id))!);
    });
  }

  // Courses --------------------------------------------------------------------------------------

  async findCourses(ctx: Ctx, query: TCourseListQuery): Promise<{ items: TCourse[]; total: number }> {
    return tx(ctx, async (trx) => {
      const { rows, total } = await repo.findCourses(trx, query);
      const refs = await this.#refs(
        trx,
        rows.flatMap((r) => r.prerequisite_course_ids),
      );
      return { items: rows.map((r) => toCourse(r, refs)), total };
    });
  }

  async getCourse(ctx: Ctx, id: string): Promise<TCourse> {
    return tx(ctx, (trx) => this.#course(trx, id));
  }

  async createCourse(ctx: Ctx, input: TCreateCourseRequest): Promise<TCourse> {
    return tx(ctx, async (trx) => {
      const taken = await trx
        .selectFrom('course')
        .select('id')
        .where('code', '=', input.code)
        .executeTakeFirst();
      if (taken) throw AppError.conflict(`A course with the code ${input.code} already exists.`, 'code');
      await this.#assertModel(trx, input.modelId);
      await this.#assertPrerequisites(trx, null, input.prerequisiteCourseIds);
      let id: string;
      try {
        id = (
          await trx
            .insertInto('course')
            .values({
              code: input.code,
              title: input.title,
              kind: input.kind,
              model_id: input.modelId,
              description: input.description,
              ce_hours: input.ceHours,
              live_days: input.liveDays,
              pass_mark: input.passMark,
              retake_wait_days: input.retakeWaitDays,
              min_degree: input.minDegree,
              license_required: input.licenseRequired,
              prerequisite_course_ids: sql<string[]>`${uuidArray(input.prerequisiteCourseIds)}::uuid[]`,
              active: input.active,
            })
            .returning('id')
            .executeTakeFirstOrThrow()
        ).id;
      } catch (error) {
        if (isUniqueViolation(error))
          throw AppError.conflict(`A course with the code ${input.code} already exists.`, 'code');
        throw error;
      }
      await recordAudit(trx, ctx, {
        action: 'course.create',
        targetType: 'course',
        targetId: id,
        details: { code: input.code, title: input.title, kind: input.kind },
      });
      return this.#course(trx, id);
    });
  }

  async updateCourse(ctx: Ctx, id: string, input: TUpdateCourseRequest): Promise<TCourse> {
    return tx(ctx, async (trx) => {
      const before = await repo.findCourseById(trx, id);
      if (!before) throw AppError.notFound('The course');
      const kind = input.kind ?? before.kind;
      const passMark = input.passMark !== undefined ? input.passMark : before.pass_mark;
      if (kind === 'knowledge_test' && passMark === null)
        throw AppError.validation([{ path: 'passMark', message: 'is required for a knowledge test' }]);
      if (input.code !== undefined && input.code !== before.code) {
        const taken = await trx
          .selectFrom('course')
          .select('id')
          .where('code', '=', input.code)
          .executeTakeFirst();
        if (taken) throw AppError.conflict(`A course with the code ${input.code} already exists.`, 'code');
      }
      if (input.modelId !== undefined) await this.#assertModel(trx, input.modelId);
      if (input.prerequisiteCourseIds !== undefined)
        await this.#assertPrerequisites(trx, id, input.prerequisiteCourseIds);
      const set = {
        ...(input.code !== undefined && { code: input.code }),
        ...(input.title !== undefined && { title: input.title }),
        ...(input.kind !== undefined && { kind: input.kind }),
        ...(input.modelId !== undefined && { model_id: input.modelId }),
        ...(input.description !== undefined && { description: input.description }),
        ...(input.ceHours !== undefined && { ce_hours: input.ceHours.toFixed(2) }),
        ...(input.liveDays !== undefined && { live_days: input.liveDays }),
        ...(input.passMark !== undefined && { pass_mark: input.passMark }),
        ...(input.retakeWaitDays !== undefined && { retake_wait_days: input.retakeWaitDays }),
        ...(input.minDegree !== undefined && { min_degree: input.minDegree }),
        ...(input.licenseRequired !== undefined && { license_required: input.licenseRequired }),
        ...(input.active !== undefined && { active: input.active }),
      };
      const changes = diff(before, set);
      if (
        input.prerequisiteCourseIds !== undefined &&
        JSON.stringify(input.prerequisiteCourseIds) !== JSON.stringify(before.prerequisite_course_ids)
      )
        changes.prerequisiteCourseIds = {
          from: before.prerequisite_course_ids,
          to: input.prerequisiteCourseIds,
        };
      if (Object.keys(changes).length === 0) return this.#course(trx, id);
      try {
        await trx
          .updateTable('course')
          .set({
            ...set,
            ...(input.prerequisiteCourseIds !== undefined && {
              prerequisite_course_ids: sql<string[]>`${uuidArray(input.prerequisiteCourseIds)}::uuid[]`,
            }),
            updated_at: new Date(),
          })
          .where('id', '=', id)
          .execute();
      } catch (error) {
        if (isUniqueViolation(error))
          throw AppError.conflict(`A course with the code ${input.code} already exists.`, 'code');
        throw error;
      }
      await recordAudit(trx, ctx, {
        action: 'course.update',
        targetType: 'course',
        targetId: id,
        details: changes,
      });
      return this.#course(trx, id);
    });
  }

  async #course(trx: Trx, id: string): Promise<TCourse> {
    const row = await repo.findCourseById(trx, id);
    if (!row) throw AppError.notFound('The course');
    return toCourse(row, await this.#refs(trx, row.prerequisite_course_ids));
  }

  async #refs(trx: Trx, ids: string[]) {
    const rows = await repo.courseRefs(trx, [...new Set(ids)]);
    return new Map(rows.map((r) => [r.id, r]));
  }

  async #assertModel(trx: Trx, modelId: string | null): Promise<void> {
    if (modelId === null) return;
    const found = await trx
      .selectFrom('training_model')
      .select('id')
      .where('id', '=', modelId)
      .executeTakeFirst();
    if (!found) throw AppError.validation([{ path: 'modelId', message: 'is not a known treatment model' }]);
  }

  /**
   * Each prerequisite must exist, must not be the course itself, and must not (through its own
   * prerequisites) require the course: otherwise nobody could ever take either.
   */
  async #assertPrerequisites(trx: Trx, courseId: string | null, ids: string[]): Promise<void> {
    const details: ErrorDetail[] = [];
    const known = new Map((await repo.courseRefs(trx, ids)).map((r) => [r.id, r]));
    for (const [i, id] of ids.entries()) {
      const path = `prerequisiteCourseIds.${i}`;
      if (id === courseId)
        details.push({ path, message: 'is this course itself: a course cannot require itself' });
      else if (!known.has(id)) details.push({ path, message: 'is not a known course' });
    }
    if (details.length === 0 && courseId !== null) {
      // Walk the prerequisites of the prerequisites; reaching this course would make a circle.
      for (const [i, id] of ids.entries()) {
        const seen = new Set<string>();
        let frontier = [id];
        let circular = false;
        while (frontier.length > 0 && !circular) {
          const rows = await repo.courseRefs(trx, frontier);
          frontier = [];
          for (const row of rows) {
            for (const next of row.prerequisite_course_ids) {
              if (next === courseId) circular = true;
              else if (!seen.has(next)) {
                seen.add(next);
                frontier.push(next);
              }
            }
          }
        }
        if (circular)
          details.push({
            path: `prerequisiteCourseIds.${i}`,
            message: `already requires this course (${known.get(id)!.code}), so neither could ever be taken`,
          });
      }
    }
    if (details.length > 0) throw AppError.validation(details);
  }
}
