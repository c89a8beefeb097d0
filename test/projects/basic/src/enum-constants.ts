// A constant of the wrong value that a query of another file (enum-constant-queries.ts) uses:
// valid-enum-value reports it here, where it is written, naming the query it reaches.
export const BULK_ARCHIVE_STATUS = "archive";
