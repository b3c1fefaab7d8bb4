/**
 * Every migration, in order. Append only: never edit or reorder a released migration; add a new
 * file named with its ISO date and time instead.
 */
import type { Migration } from 'kysely/migration';
import * as foundation from './2026-11-22T0900-foundation.js';
import * as learningCredentials from './2026-11-23T0900-learning-credentials.js';
import * as referenceCatalog from './2026-11-23T0910-reference-catalog.js';
import * as care from './2026-12-02T0900-care.js';
import * as careIndexes from './2026-12-02T0910-care-indexes.js';
import * as episodeOutcomeSummary from './2026-12-02T1700-episode-outcome-summary.js';
import * as access from './2026-12-02T1800-access.js';
import * as centerMonthFlow from './2026-12-02T1900-center-month-flow.js';

export const migrations: Record<string, Migration> = {
  '2026-11-22T0900-foundation': foundation,
  '2026-11-23T0900-learning-credentials': learningCredentials,
  '2026-11-23T0910-reference-catalog': referenceCatalog,
  '2026-12-02T0900-care': care,
  '2026-12-02T0910-care-indexes': careIndexes,
  '2026-12-02T1700-episode-outcome-summary': episodeOutcomeSummary,
  '2026-12-02T1800-access': access,
  '2026-12-02T1900-center-month-flow': centerMonthFlow,
};
