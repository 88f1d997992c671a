// The engine's public types. Plain data: no editor, LSP or Node types, so every face
// (CLI, language server, a future browser worker) can share them.

export const CATEGORIES = ["red-line", "loophole", "sovereignty", "claim", "missing-term", "document"] as const;
/** The five scored categories of LABELS.md, plus `document` for problems with the file itself. */
export type Category = (typeof CATEGORIES)[number];

export const SEVERITIES = ["error", "warning", "information", "hint"] as const;
export type Severity = (typeof SEVERITIES)[number];

export const TERMS = [
  "exit-strategy",
  "data-residency",
  "data-protection",
  "jurisdiction",
  "foreign-law-exposure",
  "audit-rights",
  "personnel",
  "subcontracting",
  "human-oversight",
] as const;
export type TermId = (typeof TERMS)[number];

export const KINDS = ["contract", "news-note", "policy"] as const;
export type DocumentKind = (typeof KINDS)[number];

/** LSP-compatible position: 0-based line, UTF-16 code-unit column. */
export interface Position {
  line: number;
  character: number;
}
export interface Range {
  start: Position;
  end: Position;
}

/** A text edit expressed in document offsets (UTF-16 code units, end exclusive). */
export interface OffsetEdit {
  start: number;
  end: number;
  newText: string;
}

export interface Fix {
  title: string;
  edits: OffsetEdit[];
  /** Safe fixes may be applied in bulk by "fix all". */
  safe?: boolean;
  /** True when newText uses snippet syntax ($1, ${1:placeholder}). */
  snippet?: boolean;
}

export interface Finding {
  rule: string;
  category: Category;
  severity: Severity;
  message: string;
  /** Offsets into the document text (UTF-16 code units, end exclusive). */
  start: number;
  end: number;
  term?: TermId;
  explanation?: string;
  reference?: RuleReference;
  fixes?: Fix[];
}

export interface RuleReference {
  title: string;
  url?: string;
}
