// Imported by the rule tests' code: helpers and constants that live in another file.
export const liveRows = { deletedAt: null };
export function notDeleted() {
  return { deletedAt: null };
}
export const withPortions = { portions: true };
