/**
 * The scoring engine: turns a form's item responses, or a total entered from a paper or licensed
 * form, into a total, a severity band, subscale scores and safety flags, following the instrument
 * definition's data alone.
 *
 * Pure and synchronous. Invalid input is not thrown: it comes back as problems that name the item
 * (`responses.q9`) or the total, ready for a validation error a clinician can act on.
 */
import type {
  Band,
  InstrumentDefinition,
  InstrumentItem,
  ItemProblem,
  ItemResponses,
  ScoreFlag,
  ScoreResult,
} from './instruments/types.js';

export type ScoreOutcome = { ok: true; result: ScoreResult } | { ok: false; problems: ItemProblem[] };

/** The band containing the total. Throws for a total outside the instrument's range. */
export function bandFor(def: InstrumentDefinition, total: number): Band {
  const band = def.bands.find((b) => total >= b.min && total <= b.max);
  if (!band) throw new Error(`${def.code} has no band for the total ${total}`);
  return band;
}

function optionValues(def: InstrumentDefinition, item: InstrumentItem): number[] {
  const set = def.responseSets.find((s) => s.id === item.responseSet);
  return (set?.options.map((o) => o.value) ?? []).sort((a, b) => a - b);
}

/** Problem with one answer, or null when it is a valid option. */
function checkAnswer(def: InstrumentDefinition, item: InstrumentItem, value: unknown): ItemProblem | null {
  const values = optionValues(def, item);
  const path = `responses.${item.id}`;
  if (typeof value !== 'number' || !Number.isInteger(value))
    return { path, message: `must be a whole number, one of ${values.join(', ')}` };
  if (!values.includes(value)) return { path, message: `must be one of ${values.join(', ')}` };
  return null;
}

function flagsFor(def: InstrumentDefinition, answers: ItemResponses): ScoreFlag[] {
  const flags: ScoreFlag[] = [];
  for (const item of def.items) {
    const value = answers[item.id];
    if (item.critical && value != null && item.critical.values.includes(value))
      flags.push({ code: item.critical.alert, item: item.id, value });
  }
  return flags;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function result(
  def: InstrumentDefinition,
  total: number,
  rest: Pick<ScoreResult, 'prorated' | 'answered' | 'missing' | 'subscales' | 'flags'>,
): ScoreResult {
  const band = bandFor(def, total);
  return {
    instrument: def.code,
    total,
    ...rest,
    band: { code: band.code, severity: band.severity, label: band.label },
    clinical: total >= def.clinicalCutoff,
  };
}

/**
 * Scores a form from its item responses.
 *
 * Only scored items count towards the total; unscored ones (CATS events and impairment, the PHQ-A
 * supplementary questions) may be left out and are checked only when answered. `answered` and
 * `missing` count scored items. When no more scored items are missing than the definition allows,
 * the total is prorated: the mean of the answered scored items times the number of scored items,
 * rounded half up with Math.round. The value is computed as sum x count / answered, so a true half
 * (13 x 6 / 12 = 6.5) is exact in floating point and rounds up to 7; a value that is not a half can
 * never land on one, because the answered count is small.
 *
 * A subscale with any unanswered item scores null: prorating a 2-item subscale from one answer
 * would be a guess, and the total already carries the prorating.
 */
export function scoreResponses(def: InstrumentDefinition, responses: ItemResponses): ScoreOutcome {
  if (def.kind === 'total_only')
    return {
      ok: false,
      problems: [
        { path: 'responses', message: `${def.code} is scored from an entered total, not from items` },
      ],
    };

  const problems: ItemProblem[] = [];
  const items = new Map(def.items.map((item) => [item.id, item]));
  const answers: ItemResponses = {};
  for (const [id, value] of Object.entries(responses)) {
    const item = items.get(id);
    if (!item) {
      problems.push({ path: `responses.${id}`, message: `is not an item of ${def.code}` });
      continue;
    }
    if (value == null) continue;
    const problem = checkAnswer(def, item, value);
    if (problem) problems.push(problem);
    else answers[id] = value;
  }

  const scored = def.items.filter((item) => item.scored);
  // An invalid answer is reported as such above, not counted a second time as unanswered.
  const missing = scored
    .filter((item) => answers[item.id] == null && problems.every((p) => p.path !== `responses.${item.id}`))
    .map((item) => item.id);
  const limit = def.scoring.maxMissingProrated;
  if (missing.length > limit)
    problems.push({
      path: 'responses',
      message:
        `${plural(missing.length, 'scored item is', 'scored items are')} unanswered (${missing.join(', ')}); ` +
        (limit === 0
          ? `${def.code} can be scored only when every scored item is answered`
          : `${def.code} can be scored with at most ${plural(limit, 'unanswered item')}`),
    });
  if (problems.length > 0) return { ok: false, problems };

  let sum = 0;
  let answered = 0;
  for (const item of scored) {
    const value = answers[item.id];
    if (value == null) continue;
    sum += value;
    answered += 1;
  }
  const prorated = missing.length > 0;
  const total = prorated ? Math.round((sum * scored.length) / answered) : sum;

  const subscales = def.scoring.subscales.map((sub) => {
    let score: number | null = 0;
    for (const id of sub.items) {
      const value = answers[id];
      score = value == null || score === null ? null : score + value;
    }
    return { code: sub.code, score };
  });

  return {
    ok: true,
    result: result(def, total, { prorated, answered, missing, subscales, flags: flagsFor(def, answers) }),
  };
}

/**
 * Scores a total entered by hand: the only way for a total-only instrument, and allowed for the
 * others when a paper form was scored on paper. The total must be a whole number in range. When the
 * instrument has safety items (PHQ-A item 9 and its suicide questions), their answers must come
 * with the total, so an entered total can never skip the self-harm check. Item detail is unknown,
 * so `answered` is 0, nothing is missing and there are no subscales.
 */
export function scoreTotal(
  def: InstrumentDefinition,
  total: number,
  critical: ItemResponses = {},
): ScoreOutcome {
  const problems: ItemProblem[] = [];
  const { min, max } = def.scoring;
  if (typeof total !== 'number' || !Number.isInteger(total))
    problems.push({ path: 'total', message: `must be a whole number between ${min} and ${max}` });
  else if (total < min || total > max)
    problems.push({ path: 'total', message: `must be between ${min} and ${max}` });

  const safetyItems = def.items.filter((item) => item.critical);
  const answers: ItemResponses = {};
  for (const [id, value] of Object.entries(critical)) {
    const item = safetyItems.find((i) => i.id === id);
    if (!item) {
      const known = def.items.some((i) => i.id === id);
      problems.push({
        path: `responses.${id}`,
        message: known
          ? `is not a safety item of ${def.code}; only safety items are entered with a total`
          : `is not an item of ${def.code}`,
      });
      continue;
    }
    if (value == null) continue;
    const problem = checkAnswer(def, item, value);
    if (problem) problems.push(problem);
    else answers[id] = value;
  }
  for (const item of safetyItems)
    if (critical[item.id] == null)
      problems.push({
        path: `responses.${item.id}`,
        message: 'is required with an entered total, because it is a safety item',
      });
  if (problems.length > 0) return { ok: false, problems };

  return {
    ok: true,
    result: result(def, total, {
      prorated: false,
      answered: 0,
      missing: [],
      subscales: [],
      flags: flagsFor(def, answers),
    }),
  };
}
