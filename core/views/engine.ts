/**
 * The eta engine with theme lookup.
 *
 * Views are named `<namespace>/<name>` (`core/home`, `notices/list`). For a
 * theme, a name resolves to the first file that exists among:
 *   themes/<theme>/views/<ns>/<name>.eta    a theme may override any view by path
 *   themes/default/views/<ns>/<name>.eta    what every theme inherits
 *   <coreViewsDir>/<name>.eta               when ns is `core`
 *   <pluginViewDirs.get(ns)>/<name>.eta     otherwise
 * `include`/`includeAsync` inside templates go through the same lookup, so a
 * plugin view can include `core/pagination` and a theme can restyle it.
 *
 * One eta instance per theme: eta's resolvePath only sees the template name,
 * so the theme is a property of the instance rather than of the render call.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Eta, EtaFileResolutionError } from 'eta';
import { escapeHtml } from './escape.js';

export interface ViewsOptions {
  themesDir: string;
  coreViewsDir: string;
  /** namespace (plugin id) -> folder of that plugin's views */
  pluginViewDirs: Map<string, string>;
  /** Keep compiled templates and resolved paths; true in production. */
  cache: boolean;
}

export interface Views {
  /** Render one view (no layout). `view` is `<namespace>/<name>`. */
  renderString(theme: string, view: string, data: object): Promise<string>;
  /** Render the theme's layout (`themes/<theme>/layout.eta`, else the default theme's). */
  renderLayout(theme: string, data: object): Promise<string>;
  /** Folders of themesDir that contain a layout.eta, `default` first. */
  themes(): string[];
  hasTheme(name: string): boolean;
}

export const DEFAULT_THEME = 'default';
/** Not a valid view name, so no view can collide with it. */
const LAYOUT = '::layout';
const SEGMENT = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;
const THEME_NAME = /^[a-z0-9][a-z0-9_-]*$/i;

/** Split `ns/a/b(.eta)` into namespace and rest, refusing anything that could leave its folder. */
function parseViewName(view: string): { ns: string; rest: string } {
  const segments = view.replace(/\.eta$/, '').split('/');
  const ok = segments.length >= 2 && segments.every((s) => SEGMENT.test(s) && s !== '..' && s !== '.');
  if (!ok) throw new EtaFileResolutionError(`Invalid view name "${view}": expected "<namespace>/<name>"`);
  const [ns = '', ...rest] = segments;
  return { ns, rest: rest.join('/') };
}

class ThemedEta extends Eta {
  constructor(
    readonly locate: (template: string) => string,
    cache: boolean,
  ) {
    super({
      autoEscape: true,
      escapeFunction: escapeHtml,
      cache,
      // Line-numbered template errors while developing; skip the runtime cost in production.
      debug: !cache,
    });
  }

  // Every include goes through the theme lookup; eta's own relative-path logic is not used.
  override resolvePath = (template: string): string => this.locate(template);
}

export function createViews(opts: ViewsOptions): Views {
  const { themesDir, coreViewsDir, pluginViewDirs, cache } = opts;
  const engines = new Map<string, ThemedEta>();
  const resolved = new Map<string, string>();
  let themeList: string[] | null = null;

  const exists = (file: string) => fs.existsSync(file) && fs.statSync(file).isFile();

  function listThemes(): string[] {
    if (cache && themeList) return themeList;
    let names: string[] = [];
    try {
      names = fs
        .readdirSync(themesDir, { withFileTypes: true })
        .filter((d) => d.isDirectory() && THEME_NAME.test(d.name) && exists(path.join(themesDir, d.name, 'layout.eta')))
        .map((d) => d.name)
        .sort((a, b) => (a === DEFAULT_THEME ? -1 : b === DEFAULT_THEME ? 1 : a.localeCompare(b)));
    } catch {
      names = [];
    }
    themeList = names;
    return names;
  }

  const hasTheme = (name: string) => THEME_NAME.test(name) && listThemes().includes(name);

  function candidates(theme: string, template: string): string[] {
    if (template === LAYOUT) {
      return [path.join(themesDir, theme, 'layout.eta'), path.join(themesDir, DEFAULT_THEME, 'layout.eta')];
    }
    const { ns, rest } = parseViewName(template);
    const file = `${rest}.eta`;
    const list = [path.join(themesDir, theme, 'views', ns, file)];
    if (theme !== DEFAULT_THEME) list.push(path.join(themesDir, DEFAULT_THEME, 'views', ns, file));
    const base = ns === 'core' ? coreViewsDir : pluginViewDirs.get(ns);
    if (base) list.push(path.join(base, file));
    return list;
  }

  function locate(theme: string, template: string): string {
    const key = `${theme}\0${template}`;
    const hit = cache ? resolved.get(key) : undefined;
    if (hit) return hit;
    const list = candidates(theme, template);
    const found = list.find(exists);
    if (!found) {
      const what = template === LAYOUT ? `layout of theme "${theme}"` : `view "${template}"`;
      throw new EtaFileResolutionError(`Could not find ${what}; looked in:\n  ${list.join('\n  ')}`);
    }
    if (cache) resolved.set(key, found);
    return found;
  }

  function engine(theme: string): ThemedEta {
    // An unknown theme (stale user preference, removed folder) renders as the default.
    const name = hasTheme(theme) ? theme : DEFAULT_THEME;
    let eta = engines.get(name);
    if (!eta) {
      eta = new ThemedEta((template) => locate(name, template), cache);
      engines.set(name, eta);
    }
    return eta;
  }

  return {
    // async: every failure (bad name, missing file) arrives as a rejected promise, never a throw.
    async renderString(theme, view, data) {
      // Validate before eta sees the name: a bad name should fail the same way cached or not.
      parseViewName(view);
      return engine(theme).renderAsync(view, data);
    },
    async renderLayout(theme, data) {
      return engine(theme).renderAsync(LAYOUT, data);
    },
    themes: listThemes,
    hasTheme,
  };
}
