/** `npm start`: load hr.config.ts, start the suite, stop cleanly on SIGINT/SIGTERM. */
import { start } from './app.js';
import { ConfigError } from './config.js';
import { MigrationError } from './db/migrator.js';
import { PluginError } from './plugins/loader.js';

const KNOWN = [ConfigError, MigrationError, PluginError];

try {
  const running = await start();
  console.log(`HR suite ready at ${running.kernel.config.publicUrl} (listening on port ${running.port})`);
  const stop = async (signal: string) => {
    running.kernel.log.info({ signal }, 'stopping');
    await running.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
} catch (err) {
  // Errors an admin can fix are printed as plain sentences, without a stack trace.
  if (KNOWN.some((k) => err instanceof k)) {
    console.error(`\nThe HR suite did not start.\n${(err as Error).message}\n`);
  } else {
    console.error('\nThe HR suite did not start because of an unexpected error:\n', err);
  }
  process.exit(1);
}
