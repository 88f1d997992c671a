// Listing a workspace folder's Markdown files on disk, for the Node server's workspace check
// (lsp/workspace.ts); apart so that the web worker build carries no child_process.
import { execFile } from "node:child_process";
import { sep } from "node:path";
import { walkMarkdown } from "../cli/files";

const SKIPPED_SEGMENT = (segment: string) => segment === "node_modules" || segment.startsWith(".");

/**
 * The Markdown files under `root` that git does not ignore (tracked, or untracked and not
 * ignored), skipping node_modules and dot folders. Outside a git work tree (or without
 * git), every Markdown file under it, with the same folders skipped.
 */
export async function markdownFilesOf(root: string): Promise<string[]> {
  // Paths relative to root, which may lie inside a bigger repository.
  const fromGit = await new Promise<string[] | undefined>((resolve) => {
    execFile("git", ["-C", root, "ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", "*.md", "*.markdown"], { maxBuffer: 64 * 1024 * 1024 }, (error, stdout) => {
      resolve(error ? undefined : stdout.split("\0").filter(Boolean));
    });
  });
  if (!fromGit) return walkMarkdown(root);
  const base = root.replace(/[\\/]$/, "");
  return [...new Set(fromGit)]
    .filter((relative) => !relative.split("/").slice(0, -1).some(SKIPPED_SEGMENT))
    .map((relative) => [base, ...relative.split("/")].join(sep))
    .sort();
}
