// Option reading that `check` and `report` share, so both accept the same spellings
// (`--name value`, `--name=value`) and refuse the same bad values with the same words.
import { parseByteSize } from "../engine";
import { UsageError } from "./files";

/** The value of option `arg`: after its `=`, or the next argument (taken from `rest`). */
export function optionValue(arg: string, rest: string[]): (name: string) => string {
  return (name) => {
    const v = arg.includes("=") ? arg.slice(arg.indexOf("=") + 1) : rest.shift();
    if (!v) throw new UsageError(`${name} needs a value`);
    return v;
  };
}

export interface CommonOptions {
  config?: string;
  maxFileSize: number;
  timeBudgetMs: number;
}

const is = (arg: string, name: string) => arg === name || arg.startsWith(`${name}=`);

/** Reads `--config`, `--max-file-size` or `--time-budget` into `opts`; false for any other argument. */
export function readCommonOption(arg: string, value: (name: string) => string, opts: CommonOptions): boolean {
  if (is(arg, "--config")) opts.config = value("--config");
  else if (is(arg, "--max-file-size")) {
    const v = value("--max-file-size");
    const bytes = parseByteSize(v);
    if (bytes === undefined) throw new UsageError(`--max-file-size "${v}" is not a size (use bytes, or a number with KB or MB, e.g. 10MB)`);
    opts.maxFileSize = bytes;
  } else if (is(arg, "--time-budget")) {
    const v = value("--time-budget");
    if (!/^\d+$/.test(v) || Number(v) <= 0) throw new UsageError(`--time-budget "${v}" is not a whole number of milliseconds above 0`);
    opts.timeBudgetMs = Number(v);
  } else return false;
  return true;
}
