// node:path for the web worker build (scripts/build.mjs aliases it): only what the server's
// browser-safe modules use, for POSIX-style paths (see url.ts beside it).
export const sep = "/";
