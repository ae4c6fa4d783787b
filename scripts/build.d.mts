/** Types of scripts/build.mjs (plain JavaScript, as it runs before anything is built). */
export declare const ROOT: string;
export declare const BUILD_DIR_NAME: string;
export declare const SOURCE_DIRS: string[];
export declare function sourceFiles(root?: string): string[];
export declare function fingerprint(root?: string): { tools: string; files: Record<string, string> };
export declare function outputOf(rel: string): string;
/** Why dist/ cannot be used, or null when it matches the sources. */
export declare function staleReason(root?: string): string | null;
export declare function build(options?: { root?: string }): Promise<{ ms: number; files: number }>;
/** null when dist/ was already up to date; else why and how long the rebuild took. */
export declare function ensureBuild(options?: { root?: string }): Promise<{ reason: string; ms: number; files: number } | null>;
