// The soft delete of the project's rows: setting deletedAt is what makes Note soft-deletable.
export function trashed<T extends { deletedAt: Date | null }>(row: T): T {
  return { ...row, deletedAt: new Date() };
}
