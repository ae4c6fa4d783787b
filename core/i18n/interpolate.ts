/** Placeholder filling, kept apart from the catalogue so the SDK can export it without an import cycle. */

/** Replace `{name}` placeholders; a placeholder without a param is left as written. */
export function interpolate(template: string, params?: Record<string, string | number>): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (Object.hasOwn(params, name) ? String(params[name]) : whole));
}
