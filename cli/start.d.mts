/** Types of cli/start.mjs (plain JavaScript: it runs before anything is compiled). */
export declare const OUTPUTS: readonly string[];
export declare function newestSource(root: string): number;
export declare function builtAt(root: string): number;
export declare function isStale(root: string): boolean;
