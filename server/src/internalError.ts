// What an internal error (a bug) tells the user, from the CLI or the language server: what
// failed, on which file, and where to report it; never a stack trace, which says nothing to
// a procurement lawyer and can show paths of the machine it ran on.

/** Where to report a bug. */
export const REPORT_BUGS = "https://github.com/policy-lens/policy-lens/issues";

/** The error's own message, first line only (a stack, if the message carries one, is left out). */
export function errorMessage(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  return message.split(/\r\n|\r|\n/)[0].trim() || (e instanceof Error ? e.name : "unknown error");
}

/** "…: <message>. This is a bug in Policy Lens: please report it at <issues> (with the document, if you can share it)." */
export function internalErrorText(e: unknown): string {
  return `${errorMessage(e).replace(/\.$/, "")}. This is a bug in Policy Lens: please report it at ${REPORT_BUGS} (with the document, if you can share it).`;
}
