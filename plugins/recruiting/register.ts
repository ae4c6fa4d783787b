/** `setup` of the recruiting plugin: services, then the API (pages are registered here too once they exist). */
import type { PluginContext } from '../../core/sdk.js';
import { registerRecruitingApi } from './api/index.js';
import { createRecruiting } from './services/index.js';
import type { RecruitingSettings } from './settings.js';

export function registerRecruiting(ctx: PluginContext<RecruitingSettings>): void {
  const recruiting = createRecruiting(ctx);
  // A batch a stopped process left "running" would otherwise show a bar that never moves.
  const stale = recruiting.screening.recoverStale();
  if (stale) ctx.log.warn({ batches: stale }, 'recruiting: screening batches interrupted by a restart were marked failed');
  registerRecruitingApi(ctx, recruiting);
  ctx.jobs.add({
    id: 'retention',
    cron: '20 4 * * *',
    label: 'recruiting.job.retention',
    run: () => {
      const done = recruiting.retention.purge();
      return { summary: `résumés removed for ${done.candidates} candidates (${done.files} files)` };
    },
  });
}
