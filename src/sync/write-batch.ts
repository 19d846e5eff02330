/**
 * Writes per command outside a page's own (stale marking, project moves): the size of a page. On
 * FerretDB each statement of a command holds a pooled PostgreSQL connection until the command ends,
 * and its pool is sized for page-sized commands; MongoDB splits a larger command itself anyway.
 */
export const WRITE_BATCH = 200;
