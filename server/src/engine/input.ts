/** Limits on what the engine will analyse; a document outside them gets one clear finding. */
export interface InputLimits {
  maxBytes: number;
}
export const DEFAULT_LIMITS: InputLimits = { maxBytes: 5 * 1024 * 1024 };

export type Decoded = { ok: true; text: string } | { ok: false; reason: string };

/**
 * Decodes a file's bytes as UTF-8 text, refusing binary files, invalid UTF-8 and files
 * over the size limit. Uses only web-standard APIs (TextDecoder), so it runs anywhere.
 */
export function decodeDocument(bytes: Uint8Array, limits: InputLimits = DEFAULT_LIMITS): Decoded {
  if (bytes.length > limits.maxBytes) {
    return { ok: false, reason: `file is ${formatBytes(bytes.length)}, over the ${formatBytes(limits.maxBytes)} limit; not analysed (raise maxFileSize to include it)` };
  }
  const head = bytes.subarray(0, 8192);
  let nul = 0;
  for (const b of head) if (b === 0) nul++;
  if (nul > 8 || (head.length > 0 && nul / head.length > 0.01)) return { ok: false, reason: "file looks binary (it contains NUL bytes); not analysed" };
  try {
    const text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
    return { ok: true, text };
  } catch {
    return { ok: false, reason: "file is not valid UTF-8 text; not analysed (save it as UTF-8)" };
  }
}

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(1)} MB`;
  if (n >= 1024) return `${(n / 1024).toFixed(0)} KB`;
  return `${n} bytes`;
}
