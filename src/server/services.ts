/**
 * The services of every module, built once per process from configuration and the database.
 * Routes receive them through their plugin options; the CLI builds them the same way.
 */
import type { Config } from './config.js';
import type { Database } from './db/database.js';
import { SecretBox, loadSecretKey } from './platform/crypto.js';
import { AdminService } from './modules/identity/admin.service.js';
import { AuthService } from './modules/identity/auth.service.js';
import { InvitationsService } from './modules/identity/invitations.service.js';
import { MfaService } from './modules/identity/mfa.service.js';
import { PasswordHasher } from './modules/identity/passwords.js';
import { UsersService } from './modules/identity/users.service.js';
import { NetworkService } from './modules/network/network.service.js';
import { PartnersService } from './modules/partners/partners.service.js';
import { LearningService } from './modules/learning/learning.service.js';
import { CredentialsService } from './modules/credentials/credentials.service.js';
import { CareService } from './modules/care/care.service.js';
import { FormsService } from './modules/care/forms.service.js';
import { FhirService } from './modules/care/fhir.service.js';
import { CareImportService } from './modules/care/care-import.service.js';
import { AccessService } from './modules/access/access.service.js';
import { PlansService } from './modules/access/plans.service.js';

export interface Services {
  hasher: PasswordHasher;
  auth: AuthService;
  mfa: MfaService;
  users: UsersService;
  invitations: InvitationsService;
  admin: AdminService;
  network: NetworkService;
  partners: PartnersService;
  learning: LearningService;
  credentials: CredentialsService;
  care: { care: CareService; forms: FormsService; fhir: FhirService };
  careImport: CareImportService;
  access: AccessService;
  plans: PlansService;
}

export function buildServices(config: Config, db: Database): Services {
  const hasher = new PasswordHasher(config.argon2Concurrency);
  const box = new SecretBox(loadSecretKey(config));
  const auth = new AuthService(db, config, hasher);
  const users = new UsersService(config, hasher);
  const care = new CareService(config);
  const access = new AccessService();
  return {
    hasher,
    auth,
    mfa: new MfaService(db, config, box, hasher, auth),
    users,
    invitations: new InvitationsService(db, config, hasher, auth),
    admin: new AdminService(config),
    network: new NetworkService(users),
    partners: new PartnersService(),
    learning: new LearningService(config),
    credentials: new CredentialsService(db, config, box),
    care: { care, forms: new FormsService(config, care), fhir: new FhirService(config) },
    careImport: new CareImportService(),
    access,
    plans: new PlansService(access),
  };
}
