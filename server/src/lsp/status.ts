// policyLens/status: after each fresh analysis the server tells the client how many findings
// of each category the document has, for the VS Code status bar (client/src/status.ts).
// Other LSP clients ignore the notification.
import type { Finding } from "../engine";
import { NOTIFICATIONS } from "../protocol";

export const STATUS_NOTIFICATION = NOTIFICATIONS.status;

export interface FindingCounts {
  redLine: number;
  loophole: number;
  sovereignty: number;
  claim: number;
  missingTerm: number;
}

export interface DocumentStatusParams {
  uri: string;
  counts: FindingCounts;
}

export function countFindings(findings: readonly Finding[]): FindingCounts {
  const counts: FindingCounts = { redLine: 0, loophole: 0, sovereignty: 0, claim: 0, missingTerm: 0 };
  for (const f of findings) {
    if (f.category === "red-line") counts.redLine++;
    else if (f.category === "loophole") counts.loophole++;
    else if (f.category === "sovereignty") counts.sovereignty++;
    else if (f.category === "claim") counts.claim++;
    else if (f.category === "missing-term") counts.missingTerm++;
  }
  return counts;
}

/** Sends the counts; a failure (connection closing) must never break analysis. */
export function notifyStatus(connection: { sendNotification(method: string, params: DocumentStatusParams): Promise<void> }, uri: string, findings: readonly Finding[]): void {
  connection.sendNotification(STATUS_NOTIFICATION, { uri, counts: countFindings(findings) }).catch(() => undefined);
}
