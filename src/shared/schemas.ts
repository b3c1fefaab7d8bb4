/**
 * Zod building blocks used by several modules' request schemas (server and web).
 */
import { z } from 'zod';

export const ZUuid = z.uuid('must be an identifier (UUID)');
