/**
 * The learning module's services, built once: the catalog (treatment models, courses), cohorts and
 * enrolments, events and attendance, and clinicians' records (qualifications, knowledge tests,
 * course completions, CE hours). Split by area so each file stays readable; routes reach them as
 * `services.learning.<area>`.
 */
import type { Config } from '../../config.js';
import { CatalogService } from './catalog.service.js';
import { CohortsService } from './cohorts.service.js';
import { EventsService } from './events.service.js';
import { RecordsService } from './records.service.js';

export class LearningService {
  readonly catalog = new CatalogService();
  readonly cohorts: CohortsService;
  readonly events = new EventsService();
  readonly records = new RecordsService();

  constructor(config: Config) {
    this.cohorts = new CohortsService(config);
  }
}
