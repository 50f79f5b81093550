
declare global {
  // The extension's global in its worker and pages, used only inside evaluate() in tests.
  const chrome: {
    storage: { local: { get(k: null): Promise<Record<string, unknown>>; set(v: Record<string, unknown>): Promise<void>; clear(): Promise<void> } };
    runtime: { sendMessage(m: unknown): Promise<unknown> };
  };
}
export {};
