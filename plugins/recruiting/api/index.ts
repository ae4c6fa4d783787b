/** Every JSON endpoint of the recruiting plugin, under /api/v1/recruiting. */
import type { PluginContext } from '../../../core/sdk.js';
import type { Recruiting } from '../services/index.js';
import type { RecruitingSettings } from '../settings.js';
import { registerApplicationApi } from './applications.js';
import { registerCandidateApi } from './candidates.js';
import { registerIntakeApi } from './intake.js';
import { registerJobApi } from './jobs.js';
import { registerRequisitionApi } from './requisitions.js';
import { registerScreeningApi } from './screening.js';

export function registerRecruitingApi(ctx: PluginContext<RecruitingSettings>, recruiting: Recruiting): void {
  registerJobApi(ctx, recruiting);
  registerCandidateApi(ctx, recruiting);
  registerApplicationApi(ctx, recruiting);
  registerScreeningApi(ctx, recruiting);
  registerRequisitionApi(ctx, recruiting);
  registerIntakeApi(ctx, recruiting);
}
