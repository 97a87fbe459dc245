/**
 * Calls `run` at most once per `ms`: at once for the first call, then once at the end of the window
 * if more came during it. A burst of events (a macro, a bulk edit) costs two refetches, not fifty.
 */
export function throttle(run: () => void, ms: number): { (): void; cancel(): void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let pending = false;
  const open = () => {
    timer = setTimeout(() => {
      timer = undefined;
      if (!pending) return;
      pending = false;
      run();
      open();
    }, ms);
  };
  const call = () => {
    if (timer) {
      pending = true;
      return;
    }
    run();
    open();
  };
  call.cancel = () => {
    clearTimeout(timer);
    timer = undefined;
    pending = false;
  };
  return call;
}
