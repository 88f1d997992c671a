// setImmediate where there is one (Node); a web worker has none, and gets setTimeout(0),
// which waits a millisecond or more: used only with a zero debounce, and by the workspace
// check, which the web worker build does not run.
export type CancelImmediate = () => void;

export function runSoon(run: () => void): CancelImmediate {
  if (typeof setImmediate === "function") {
    const immediate = setImmediate(run);
    return () => clearImmediate(immediate);
  }
  const timer = setTimeout(run, 0);
  return () => clearTimeout(timer);
}
