/**
 * The admin's one file. Switch plugins on and off, set the theme, language and
 * where data lives. Environment variables HR_PORT, HR_DATA_DIR, HR_PUBLIC_URL,
 * HR_THEME, HR_LOCALE, HR_SECRET … override these values (see docs/admin.md).
 */
import { defineConfig } from './core/config.js';

export default defineConfig({
  port: 3000,
  dataDir: 'data',
  locale: 'zh-CN',
  theme: 'default',
  timezone: 'Asia/Shanghai',
  // AI works offline by default (keywords, BM25, rules). Optional, see docs/ai.md:
  // ai: {
  //   llm: { provider: 'openai-compatible', baseUrl: 'https://api.deepseek.com/v1', apiKey: process.env.DEEPSEEK_API_KEY, model: 'deepseek-chat' },
  //   // llm: { provider: 'ollama', model: 'qwen2.5:7b' },          // a local Ollama at http://127.0.0.1:11434
  //   embeddings: { model: 'Xenova/multilingual-e5-small', remoteHost: 'https://hf-mirror.com' },
  //   privacy: { redactPersonalData: true },                       // mask phones, ID numbers, emails for remote LLMs
  // },
  plugins: {
    notices: { enabled: true, settings: { pinnedLimit: 3 } },
    // Settings and their defaults: plugins/attendance/settings.ts and docs/attendance.md.
    attendance: {
      enabled: true,
      settings: {
        // Office locations for web punches (none = punch from anywhere):
        // punch: { geofences: [{ name: '总部', latitude: 31.2304, longitude: 121.4737, radiusMeters: 300 }] },
        approval: { chain: ['manager', 'hr'], extraLevels: [{ minDays: 3, approver: 'department_head' }] },
      },
    },
    // Settings and their defaults: plugins/payroll/settings.ts and docs/payroll.md.
    payroll: { enabled: true, settings: { defaultCity: 'shanghai', bonusTaxation: 'separate' } },
    // WeCom (企业微信): idle until configured. Put the secrets in HR_WECOM_SECRET, HR_WECOM_TOKEN and
    // HR_WECOM_AES_KEY rather than here; every setting and the console steps: docs/connectors.md.
    wecom: {
      enabled: true,
      settings: {
        // corpId: 'ww0123456789abcdef', agentId: 1000002,
        // syncLeavers: false, pushHires: false, pushLeavers: false,
      },
    },
    // Settings and their defaults: plugins/recruiting/settings.ts and docs/recruiting.md.
    recruiting: { enabled: true, settings: { blindByDefault: false } },
  },
});
