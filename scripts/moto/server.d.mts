/** Resolves to `{ url, stop }` once moto answers; rejects (never skips) when it cannot start. */
export function startMoto(): Promise<{ url: string; stop: () => Promise<void> }>
