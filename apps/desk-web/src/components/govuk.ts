/**
 * Starts a GOV.UK Frontend component on an element once. React may run an effect twice on the same element
 * (StrictMode in development, a re-render), and the component refuses a second start: that is not an error.
 */
export function startOnce(Component: new (root: Element) => unknown, root: Element | null): void {
  if (!root) return;
  try {
    new Component(root);
  } catch (e) {
    if (!/already initialised/.test(String((e as Error)?.message))) throw e;
  }
}
