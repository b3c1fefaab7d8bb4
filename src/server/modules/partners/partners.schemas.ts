/**
 * Partner organisations: the companies whose staff take child-protection courses. This release
 * lists and creates them; courses and safeguarding reviews build on them later.
 */
import { z } from 'zod';

export const ZPartnerOrganization = z.object({
  id: z.string(),
  name: z.string(),
  activeMembers: z.number(),
  createdAt: z.string(),
});
export type TPartnerOrganization = z.infer<typeof ZPartnerOrganization>;

export const ZCreatePartnerOrganizationRequest = z.strictObject({
  name: z.string().trim().min(1, 'is required').max(200, 'must be at most 200 characters'),
});
