// node:url for the web worker build (scripts/build.mjs aliases it): file URLs as POSIX paths.
// The server reaches these only for file: workspace folders, for the workspace check,
// which has no files to read in a browser (ServerDeps.markdownFiles is not given there).
export function fileURLToPath(url: string | URL): string {
  const parsed = typeof url === "string" ? new URL(url) : url;
  if (parsed.protocol !== "file:") throw new TypeError(`not a file URL: ${parsed.href}`);
  return decodeURIComponent(parsed.pathname);
}

export function pathToFileURL(path: string): URL {
  return new URL(`file://${path.split("/").map(encodeURIComponent).join("/")}`);
}
