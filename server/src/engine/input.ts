/** Limits on what the engine will analyse; a document outside them gets one clear finding. */
export interface InputLimits {
  maxBytes: number;
}
export const DEFAULT_LIMITS: InputLimits = { maxBytes: 5 * 1024 * 1024 };

export type Decoded = { ok: true; text: string } | { ok: false; reason: string };

// One decoder for every file: decode() without `stream` starts afresh each call.
const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });

/**
 * Decodes a file's bytes as UTF-8 text, refusing binary files, invalid UTF-8 and files
 * over the size limit. Uses only web-standard APIs (TextDecoder), so it runs anywhere.
 */
export function decodeDocument(bytes: Uint8Array, limits: InputLimits = DEFAULT_LIMITS): Decoded {
  const tooBig = sizeProblem(bytes.length, limits);
  if (tooBig) return { ok: false, reason: tooBig };
  const head = bytes.subarray(0, 8192);
  // indexOf is native; a byte-by-byte loop here cost more than decoding the whole file.
  let nul = 0;
  for (let i = head.indexOf(0); i >= 0; i = head.indexOf(0, i + 1)) nul++;
  if (nul > 8 || (head.length > 0 && nul / head.length > 0.01)) return { ok: false, reason: "file looks binary (it contains NUL bytes); not analysed" };
  try {
    const text = utf8.decode(bytes);
    return { ok: true, text };
  } catch {
    return { ok: false, reason: "file is not valid UTF-8 text; not analysed (save it as UTF-8)" };
  }
}

/**
 * Why a file of this size is refused, or undefined when it is within the limit. Separate
 * from decoding so a caller that knows the size up front need not read a huge file.
 */
export function sizeProblem(byteLength: number, limits: InputLimits = DEFAULT_LIMITS): string | undefined {
  if (byteLength <= limits.maxBytes) return undefined;
  let size = formatBytes(byteLength);
  let limit = formatBytes(limits.maxBytes);
  // "5.0 MB, over the 5.0 MB limit" would read as a contradiction: give exact sizes then.
  if (size === limit) [size, limit] = [`${byteLength} bytes`, `${limits.maxBytes} bytes`];
  return `file is ${size}, over the ${limit} limit; not analysed (raise the maximum file size to include it)`;
}

/** Parses a size such as `5MB`, `512 KB`, `1.5mb` or `1048576` (bytes); undefined if it is not one. */
export function parseByteSize(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(b|bytes?|k|kb|kib|m|mb|mib)?\s*$/i.exec(text);
  if (!m) return undefined;
  const unit = (m[2] ?? "b").toLowerCase()[0];
  const bytes = Math.floor(Number(m[1]) * (unit === "m" ? 1024 * 1024 : unit === "k" ? 1024 : 1));
  return bytes > 0 && Number.isSafeInteger(bytes) ? bytes : undefined;
}

/** The length of `text` in UTF-8 bytes, without encoding it (no Buffer in a web worker). */
export function utf8Length(text: string): number {
  let bytes = text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) bytes += 1;
    // A surrogate pair is 2 units and 4 bytes; a lone surrogate is encoded as U+FFFD, 3 bytes.
    else if (c >= 0xd800 && c < 0xdc00 && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 2;
      i++;
    } else bytes += 2;
  }
  return bytes;
}

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(1)} MB`;
  if (n >= 1024) return `${(n / 1024).toFixed(0)} KB`;
  return `${n} byte${n === 1 ? "" : "s"}`;
}
