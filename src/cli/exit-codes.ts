/** Exit codes: the contract CI relies on. */
export const EXIT = { clean: 0, findings: 1, error: 2 } as const;
