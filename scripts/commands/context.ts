/** What several commands share: the config, the enabled plugins, a quiet logger, a kernel without a server. */
import { pino, type Logger } from 'pino';
import { loadConfig, type ResolvedConfig } from '../../core/config.js';
import { loadPlugins, type LoadedPlugin } from '../../core/plugins/loader.js';

/** Logs go to stderr so that stdout stays clean for the command's output (`--json`). */
export function cliLogger(level = process.env.HR_LOG_LEVEL ?? 'warn'): Logger {
  return pino({ level, base: { app: 'hr-cli' } }, pino.destination(2));
}

export async function configAndPlugins(): Promise<{ config: ResolvedConfig; plugins: LoadedPlugin[] }> {
  const config = await loadConfig();
  const plugins = await loadPlugins(config);
  return { config, plugins };
}
