/**
 * Database rows to API shapes for the care module. Dates leave as YYYY-MM-DD strings and
 * timestamps as ISO strings; instrument names and band labels come from the definitions.
 */
import type { Selectable } from 'kysely';
import type { EpisodeSessionTable, FormLinkTable, MeasureAdministrationTable } from '../../db/schema.js';
import type { Administration, Episode, FormLink, Session } from './care.schemas.js';
import type { EpisodeRow } from './care.repo.js';
import type { InstrumentDefinition, ItemResponses, ScoreFlag } from './instruments/types.js';

const iso = (d: Date | string) => (d instanceof Date ? d.toISOString() : new Date(d).toISOString());

const DUE_REASON = {
  baseline: 'Baseline measure: treatment has started',
  mid_treatment: 'Mid-treatment measure: 6 sessions or 8 weeks into treatment',
  end: 'End-of-treatment measure for a completed episode',
} as const;

export function toEpisode(r: EpisodeRow): Episode {
  return {
    id: r.id,
    centerId: r.center_id,
    centerName: r.center_name,
    clinicianId: r.clinician_id,
    clinicianName: r.clinician_name,
    caseCode: r.case_code,
    ageYears: r.age_years,
    gender: r.gender,
    raceEthnicity: r.race_ethnicity ?? [],
    caregiverInvolved: r.caregiver_involved,
    modelId: r.model_id,
    modelCode: r.model_code,
    pathwayEnrollmentId: r.pathway_enrollment_id,
    referredOn: r.referred_on,
    firstSessionOn: r.started_on,
    dischargedOn: r.ended_on,
    dischargeReason: r.discharge_reason,
    status: r.started_on === null ? 'waiting' : r.ended_on === null ? 'active' : 'closed',
    sessionCount: r.session_count,
    lastSessionOn: r.last_session_on,
    administrationCount: r.administration_count,
    openAlerts: r.open_alerts,
    due: r.due_phase ? { phase: r.due_phase, reason: DUE_REASON[r.due_phase], overdue: r.due_overdue } : null,
    notOnTrack: r.not_on_track,
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
  };
}

export function toSession(r: Selectable<EpisodeSessionTable>): Session {
  return {
    id: r.id,
    episodeId: r.episode_id,
    heldOn: r.held_on,
    minutes: r.minutes,
    participants: r.participants,
    components: r.components,
    telehealth: r.telehealth,
    createdAt: iso(r.created_at),
  };
}

/** Safety flags of stored responses, by the definition's critical items. */
export function flagsOf(def: InstrumentDefinition | undefined, responses: ItemResponses | null): ScoreFlag[] {
  if (!def || !responses) return [];
  const flags: ScoreFlag[] = [];
  for (const item of def.items) {
    const value = responses[item.id];
    if (item.critical && typeof value === 'number' && item.critical.values.includes(value))
      flags.push({ code: item.critical.alert, item: item.id, value });
  }
  return flags;
}

export function toAdministration(
  r: Selectable<MeasureAdministrationTable>,
  def: InstrumentDefinition | undefined,
): Administration {
  const total = Number(r.total_score);
  const band = def?.bands.find((b) => b.code === r.band) ?? null;
  return {
    id: r.id,
    episodeId: r.episode_id,
    instrument: r.instrument,
    instrumentName: def?.name.en ?? r.instrument,
    phase: r.phase,
    respondent: r.respondent,
    administeredOn: r.administered_on,
    total,
    prorated: r.prorated,
    band: r.band,
    bandLabel: band?.label.en ?? null,
    severity: band?.severity ?? null,
    clinical: def ? total >= def.clinicalCutoff : false,
    subscales: r.subscales ?? [],
    itemResponses: r.item_responses,
    source: r.source,
    language: r.language,
    flags: flagsOf(def, r.item_responses),
    createdAt: iso(r.created_at),
  };
}

export function formLinkStatus(r: Selectable<FormLinkTable>, now = new Date()): FormLink['status'] {
  if (r.used_at) return 'used';
  if (r.revoked_at) return 'revoked';
  if (new Date(r.expires_at).getTime() <= now.getTime()) return 'expired';
  return 'open';
}

export function toFormLink(r: Selectable<FormLinkTable>): FormLink {
  return {
    id: r.id,
    episodeId: r.episode_id,
    instrument: r.instrument,
    respondent: r.respondent,
    phase: r.phase,
    language: r.language,
    status: formLinkStatus(r),
    createdAt: iso(r.created_at),
    expiresAt: iso(r.expires_at),
    usedAt: r.used_at ? iso(r.used_at) : null,
    administrationId: r.administration_id,
  };
}
