/** `hr demo [--locale zh-CN|en]`: the demo company, once per database. */
import { CliError, defineCommand } from '../../core/cli/command.js';
import { loadConfig } from '../../core/config.js';
import { createKernel, DemoAlreadyLoadedError, loadDemo } from '../../core/kernel.js';
import { LOCALES, type Locale } from '../../core/sdk.js';
import { cliLogger } from './context.js';

export const command = defineCommand({
  usage: 'npm run hr -- demo [--locale zh-CN|en]',
  description: `
Applies pending migrations, then runs the demo hook of every enabled plugin, in
dependency order, to fill the database with a small demo company. Refuses when
demo data was already loaded into this database (recorded as core setting demo.loadedAt).
Texts are written in the configured language unless --locale says otherwise.`,
  options: { locale: { type: 'string', value: '<locale>', description: `Language of the demo texts: ${LOCALES.join(' or ')}.` } },
  async run({ values }) {
    const locale = values.locale as string | undefined;
    if (locale !== undefined && !(LOCALES as readonly string[]).includes(locale)) throw new CliError(`--locale must be ${LOCALES.join(' or ')}, not "${locale}".`);
    const config = await loadConfig();
    const kernel = await createKernel(config, { log: cliLogger() });
    try {
      let done: string[];
      try {
        done = await loadDemo(kernel, (locale as Locale | undefined) ?? config.locale);
      } catch (err) {
        if (err instanceof DemoAlreadyLoadedError) {
          throw new CliError(`Demo data was already loaded into ${config.dbPath} on ${err.loadedAt}; loading it twice would duplicate it. Restore a backup or start from an empty data folder to load it again.`);
        }
        throw new CliError(`Loading the demo data failed: ${(err as Error).message}. Data added before the failure stays; restore a backup to undo it.`);
      }
      console.log(done.length ? `Demo data loaded (${locale ?? config.locale}) by: ${done.join(', ')}.` : 'No enabled plugin has demo data; nothing was loaded.');
    } finally {
      await kernel.close();
    }
  },
});
