/** Output formats of `watch` (in their own module, so the CLI lists them without loading the renderers). */
export const WATCH_FORMATS = ["table", "json", "markdown"] as const;

/** One of {@link WATCH_FORMATS}. */
export type WatchFormat = (typeof WATCH_FORMATS)[number];
