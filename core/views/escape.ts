/**
 * HTML escaping shared by the eta engine (`<%= %>`) and by code that builds
 * HTML by hand (widgets, error pages), so both escape exactly the same way.
 */
const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/**
 * Escape a value for HTML text or a quoted attribute value.
 * `null` and `undefined` become '' rather than the words "null"/"undefined",
 * so templates can print optional fields without guarding every one.
 */
export function escapeHtml(s: unknown): string {
  if (s === null || s === undefined) return '';
  const str = String(s);
  return /[&<>"']/.test(str) ? str.replace(/[&<>"']/g, (ch) => ESCAPES[ch] ?? ch) : str;
}
