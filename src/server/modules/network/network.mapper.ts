/**
 * Rows to API shapes for the network module.
 */
import type { CenterRow } from '../../db/schema.js';
import type { TCenter } from './network.schemas.js';

export function toCenter(row: CenterRow & { chapter_name: string | null }): TCenter {
  return {
    id: row.id,
    name: row.name,
    state: row.state,
    county: row.county,
    zip3: row.zip3,
    memberType: row.member_type,
    accreditedOn: row.accredited_on,
    accreditationExpiresOn: row.accreditation_expires_on,
    chapterId: row.chapter_id,
    chapterName: row.chapter_name,
    active: row.active,
    updatedAt: row.updated_at.toISOString(),
  };
}
